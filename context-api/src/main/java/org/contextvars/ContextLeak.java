package org.contextvars;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finding of the {@link LeakCheck}: a context variable that was left bound where it can outlive
 * the code that set it, or a context left out of order.
 *
 * <pre>{@code
 * LeakCheck.setListener(leak -> {
 *   if (leak.kind() == ContextLeak.Kind.BOUND_OUTSIDE_TASK) {
 *     log.error(leak.message(), leak.setSite());
 *   }
 * });
 * }</pre>
 *
 * <p>A report names the variable or the contexts but never carries a value: values such as
 * credentials must not end up in logs.
 *
 * <p>Thread-safety: immutable.
 */
public final class ContextLeak {

  /** What was left behind. */
  public enum Kind {
    /**
     * A task run through a context-propagating wrapper ({@link ContextExecutors}, {@link
     * Context#wrap}, {@link ContextCompletableFuture}) ended while a {@link Token} from a {@code
     * set} in its context was neither reset nor closed. Inside the wrapper nothing leaks, because
     * the task's context is discarded; the same code run without a wrapper leaves the value on
     * the thread.
     */
    UNRESET_TOKEN,

    /**
     * A thread that runs tasks for others held a binding in its own context, outside any wrapped
     * task, when a wrapped task started or ended there. Such a value was set by code that ran on
     * the thread without a wrapper and never reset it; every later unwrapped task on that thread
     * sees it.
     */
    BOUND_OUTSIDE_TASK,

    /**
     * A context was left while it was not the thread's current one: a scope opened inside it was
     * not closed, one opened outside it was closed inside it, a scope was closed twice or on
     * another thread, or a coroutine suspended with a scope still open. Reported whether or not
     * the check is on, since it is always a bug; {@link #var()} is null, and {@link #setSite()} is
     * the exception thrown (or, for a coroutine, that would have been thrown) where it happened.
     */
    MISMATCHED_EXIT
  }

  private final Kind kind;
  private final @Nullable ContextVar<?> var;
  private final String threadName;
  private final @Nullable Throwable setSite;

  /**
   * A finding, as the leak check creates it; public so that listeners can be tested.
   *
   * @param setSite a throwable whose stack trace shows where {@code set} was called, or null when
   *     that is not known
   */
  public ContextLeak(Kind kind, ContextVar<?> var, String threadName, @Nullable Throwable setSite) {
    this.kind = Objects.requireNonNull(kind, "kind must not be null");
    this.var = Objects.requireNonNull(var, "var must not be null");
    this.threadName = Objects.requireNonNull(threadName, "threadName must not be null");
    this.setSite = setSite;
  }

  /**
   * A {@link Kind#MISMATCHED_EXIT} finding; public so that listeners can be tested.
   *
   * @param mismatch the exception that describes it, naming the contexts involved
   */
  public ContextLeak(String threadName, IllegalStateException mismatch) {
    this.kind = Kind.MISMATCHED_EXIT;
    this.var = null;
    this.threadName = Objects.requireNonNull(threadName, "threadName must not be null");
    this.setSite = Objects.requireNonNull(mismatch, "mismatch must not be null");
  }

  /** What was left behind. */
  public Kind kind() {
    return kind;
  }

  /** The variable that was left bound; null for {@link Kind#MISMATCHED_EXIT}. */
  public @Nullable ContextVar<?> var() {
    return var;
  }

  /** The name of the thread where the leak was seen. */
  public String threadName() {
    return threadName;
  }

  /**
   * A throwable whose stack trace is the call to {@link ContextVar#set} that created the binding,
   * or null when the set happened where the check could not record it; it is never thrown. For
   * {@link Kind#MISMATCHED_EXIT}, the exception that describes the mismatch.
   */
  public @Nullable Throwable setSite() {
    return setSite;
  }

  /** A one-line explanation naming the variable or contexts, the thread and what to do. */
  public String message() {
    ContextVar<?> var = this.var;
    if (kind == Kind.MISMATCHED_EXIT || var == null) {
      return String.valueOf(Objects.requireNonNull(setSite).getMessage());
    }
    switch (kind) {
      case UNRESET_TOKEN:
        return var.describe()
            + " was set in a task on thread '"
            + threadName
            + "' and its Token was never reset or closed;"
            + " use try (Token<?> t = var.set(value)) { ... }";
      case BOUND_OUTSIDE_TASK:
      default:
        return "thread '"
            + threadName
            + "' holds "
            + var.describe()
            + " in its own context, outside any task, where it outlives the code that set it;"
            + " reset the Token returned by set(), or run that code in a ContextExecutors wrapper";
    }
  }

  @Override
  public String toString() {
    return "ContextLeak(" + kind + ": " + message() + ")";
  }
}
