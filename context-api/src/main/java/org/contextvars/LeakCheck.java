package org.contextvars;

import java.util.Objects;

/**
 * An opt-in check that reports context values left behind on threads, with the stack of the {@link
 * ContextVar#set} that bound them.
 *
 * <p>Switch it on for the whole JVM at start-up, typically in tests or staging:
 *
 * <pre>{@code
 * java -Dorg.contextvars.leakCheck=true ...
 *
 * // in a test, collect the findings instead of logging them:
 * List<ContextLeak> leaks = new CopyOnWriteArrayList<>();
 * LeakCheck.Listener previous = LeakCheck.setListener(leaks::add);
 * try {
 *   runTheScenario();
 *   assertThat(leaks).isEmpty();
 * } finally {
 *   LeakCheck.setListener(previous);
 * }
 * }</pre>
 *
 * <p>What it reports (see {@link ContextLeak.Kind}):
 *
 * <ul>
 *   <li>{@link ContextLeak.Kind#UNRESET_TOKEN}: a task run through a context-propagating wrapper
 *       ({@link ContextExecutors}, {@link Context#wrap}, {@link ContextExecutors#inheriting},
 *       {@link ContextCompletableFuture} stages) ended with a {@link Token} from a {@code set} in
 *       its own context that was never reset or closed.
 *   <li>{@link ContextLeak.Kind#BOUND_OUTSIDE_TASK}: when a wrapped task starts or ends on a thread
 *       other than the one that submitted it, and not nested in another wrapped task, the context
 *       that thread has outside the task holds bindings. Wrapped tasks cannot cause this (they
 *       run in a copy); it comes from unwrapped code that called {@code set} on the pool thread
 *       and never reset. Each distinct set of bindings is reported once per thread.
 * </ul>
 *
 * <p>Cost: the switch is a {@code static final} field read once when the library is first used;
 * when it is off, each check is a branch on that constant, which the JIT folds away, and nothing is
 * recorded. When it is on, every {@code set} captures a stack trace and every wrapped task does
 * some bookkeeping: use it to find leaks, not in production hot paths.
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Only threads that run wrapped tasks are checked, and only when such a task starts or ends
 *       there. A pool that never runs a wrapped task is never checked.
 *   <li>Stages of a {@link ContextCompletableFuture} run on whichever thread completes their
 *       source, which may legitimately hold its own values; they are checked for unreset tokens
 *       only.
 *   <li>Threads made by an {@link ContextExecutors#inheriting inheriting} thread factory run their
 *       whole life inside a wrapped task, so they are checked for unreset tokens when they end,
 *       and never for bindings outside a task.
 *   <li>The check cannot tell a pool thread's leftovers from values that code holds on purpose
 *       when that code runs, inline and outside any wrapped task, a task wrapped on another
 *       thread (for example a coroutine that calls such a {@code Runnable} directly): those
 *       values are reported as {@code BOUND_OUTSIDE_TASK} too.
 * </ul>
 *
 * <p>Thread-safety: all methods may be called from any thread. The listener is called on the thread
 * where the leak was seen, outside the task's context, and must be thread-safe.
 */
public final class LeakCheck {

  /** The system property that switches the check on when set to {@code true}. */
  public static final String PROPERTY = LeakTracker.PROPERTY;

  private LeakCheck() {}

  /** Whether the check is on for this JVM; decided once, from {@link #PROPERTY}. */
  public static boolean isEnabled() {
    return LeakTracker.ENABLED;
  }

  /**
   * Sends every finding to {@code listener} from now on, instead of the previous listener, which is
   * returned so it can be put back. The initial listener is {@link #loggingListener()}. A listener
   * that throws a {@link RuntimeException} has it logged and ignored, so a faulty listener never
   * breaks a task.
   */
  public static Listener setListener(Listener listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    return LeakTracker.setListener(listener);
  }

  /**
   * The initial listener: logs a finding as a {@code WARNING} to the {@code java.util.logging}
   * logger named {@code org.contextvars.LeakCheck}, with the set site as the attached throwable.
   * So that a leak in a loop does not flood the log, each place that sets a leaking variable is
   * logged once.
   */
  public static Listener loggingListener() {
    return LoggingLeakListener.INSTANCE;
  }

  /** Receives the findings of the check. */
  @FunctionalInterface
  public interface Listener {
    /** Called once per finding, on the thread where it was seen. */
    void onLeak(ContextLeak leak);
  }
}
