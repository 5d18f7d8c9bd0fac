package org.contextvars.micrometer;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.Objects;
import org.contextvars.Context;
import org.contextvars.ContextSwitch;
import org.contextvars.micrometer.internal.ScopeStack;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer's context-propagation carry the current {@link Context}: everything built on it
 * (Micrometer's {@link ContextSnapshot}, Reactor's automatic context propagation and {@code
 * contextCapture()}, Spring's {@code ContextPropagatingTaskDecorator}) then takes a snapshot of the
 * submitting thread's context variables and runs the work in a copy of it, as {@link
 * Context#wrap(Runnable)} does.
 *
 * <p>It registers itself: {@link ContextRegistry#getInstance()} finds it through {@code
 * ServiceLoader} when this module is on the class path. Nothing else is needed.
 *
 * <pre>{@code
 * static final ContextVar<String> TENANT = ContextVar.of("tenant");
 *
 * Hooks.enableAutomaticContextPropagation();          // once, at start-up
 * try (var token = TENANT.set("acme")) {
 *   Mono.fromCallable(() -> TENANT.get())             // "acme", on a boundedElastic thread
 *       .subscribeOn(Schedulers.boundedElastic())
 *       .contextCapture()
 *       .block();
 *   executor.execute(ContextSnapshotFactory.builder().build().captureAll().wrap(task));
 * }
 * }</pre>
 *
 * <p>How it maps Micrometer's contract onto contexts:
 *
 * <ul>
 *   <li>{@link #getValue()}: a copy of the current context, taken in constant time, or {@code null}
 *       when the current context has no bindings, so that an empty context adds nothing to a
 *       snapshot or a Reactor context.
 *   <li>{@link #setValue(Context)}: makes a new copy of the value current, so one snapshot can be
 *       restored on many threads at once and sets made in one scope are never seen by another.
 *   <li>{@link #setValue()}: makes a new empty context current (a snapshot without our key, with
 *       Micrometer's {@code clearMissing}).
 *   <li>{@link #restore(Context)} and {@link #restore()}: close the scope that {@code previousValue}
 *       was taken for and put back exactly the context object that was current when it opened, so
 *       a {@code Token} from before the scope still resets after it, and no value of the scope
 *       stays on the thread. Every close is checked by {@link ContextSwitch#leave}: closing twice,
 *       on another thread, or out of order throws {@link IllegalStateException}.
 * </ul>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Scopes must close on the thread that opened them, newest first, as Micrometer's {@code
 *       Scope} in try-with-resources and Reactor do. A {@code restore()} without a previous value
 *       cannot say which scope it closes: it closes the newest one opened over an empty context.
 *   <li>Values set in a scope stay in that scope's copy: they do not flow back to the snapshot, to
 *       the next Reactor operator or to the submitter. Put values in before capturing.
 * </ul>
 *
 * <p>Thread-safety: stateless and safe to share; each thread's scopes are kept on that thread.
 */
public final class ContextThreadLocalAccessor implements ThreadLocalAccessor<Context> {

  /** The key under which snapshots and Reactor contexts hold the captured {@link Context}. */
  public static final String KEY = "org.contextvars.Context";

  /** Creates the accessor; {@code ServiceLoader} calls this, and so may a hand-built registry. */
  public ContextThreadLocalAccessor() {}

  /** Always {@link #KEY}. */
  @Override
  public Object key() {
    return KEY;
  }

  /** A constant-time copy of the current context, or {@code null} when it has no bindings. */
  @Override
  public @Nullable Context getValue() {
    Context snapshot = Context.copyCurrent();
    return snapshot.isEmpty() ? null : snapshot;
  }

  /**
   * Makes a copy of {@code value} the current context, until the matching {@link #restore}.
   *
   * @throws NullPointerException if {@code value} is null; nothing changes
   */
  @Override
  public void setValue(Context value) {
    Objects.requireNonNull(value, "value must not be null: call setValue() to clear " + KEY);
    ScopeStack.get().open(value.copy());
  }

  /** Makes a new, empty context current, until the matching {@link #restore}. */
  @Override
  public void setValue() {
    ScopeStack.get().open(new Context());
  }

  /**
   * Closes the scope that the {@code setValue} after the {@link #getValue} that returned {@code
   * previousValue} opened on this thread, and puts back the very context object that was current
   * before it (not a copy), so a {@code Token} from before the scope still resets after it.
   *
   * @throws NullPointerException if {@code previousValue} is null; nothing changes
   * @throws IllegalStateException if no scope open on this thread was opened over {@code
   *     previousValue} (closed twice, or on another thread): nothing changes; or if it is not the
   *     newest open scope: it is closed, newer scopes stay open, see {@link
   *     org.contextvars.ContextSwitch}
   */
  @Override
  public void restore(Context previousValue) {
    Objects.requireNonNull(previousValue, "previousValue must not be null: call restore() instead");
    ScopeStack.get().close(previousValue);
  }

  /**
   * Closes the newest scope on this thread that was opened while the current context had no
   * bindings (Micrometer then passes no previous value), as {@link #restore(Context)} does.
   *
   * @throws IllegalStateException as {@link #restore(Context)} does
   */
  @Override
  public void restore() {
    ScopeStack.get().close(null);
  }

  @Override
  public String toString() {
    return "ContextThreadLocalAccessor[" + KEY + "]";
  }
}
