package org.contextvars.micrometer;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.Objects;
import org.contextvars.Context;
import org.contextvars.internal.ThreadContextHolder;
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
 *   <li>{@link #restore(Context)} and {@link #restore()}: put back exactly the context object that
 *       was current when the matching {@code setValue} ran, so a {@code Token} from before the scope
 *       still resets after it, and no value of the scope stays on the thread.
 * </ul>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Scopes must close on the thread that opened them, newest first, as Micrometer's {@code
 *       Scope} in try-with-resources and Reactor do. A {@code restore} closes the newest scope open
 *       on its thread.
 *   <li>Values set in a scope stay in that scope's copy: they do not flow back to the snapshot, to
 *       the next Reactor operator or to the submitter. Put values in before capturing.
 *   <li>Uses the core module's per-thread storage, which {@code org.contextvars} exports only to
 *       this module (named {@code org.contextvars.micrometer}) and the Kotlin bridge: on the module
 *       path, keep this jar's module name.
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
    Context current = ThreadContextHolder.get().current;
    return current.isEmpty() ? null : current.copy();
  }

  /**
   * Makes a copy of {@code value} the current context, until the matching {@link #restore}.
   *
   * @throws NullPointerException if {@code value} is null; nothing changes
   */
  @Override
  public void setValue(Context value) {
    Objects.requireNonNull(value, "value must not be null: call setValue() to clear " + KEY);
    ScopeStack.get().enter(value.copy());
  }

  /** Makes a new, empty context current, until the matching {@link #restore}. */
  @Override
  public void setValue() {
    ScopeStack.get().enter(new Context());
  }

  /**
   * Puts back the context that was current before the newest {@code setValue} on this thread.
   * {@code previousValue} is only a copy of it; the object itself is put back.
   *
   * @throws NullPointerException if {@code previousValue} is null; nothing changes
   * @throws IllegalStateException if no {@code setValue} on this thread awaits a restore; nothing
   *     changes
   */
  @Override
  public void restore(Context previousValue) {
    Objects.requireNonNull(previousValue, "previousValue must not be null: call restore() instead");
    restore();
  }

  /**
   * Puts back the context that was current before the newest {@code setValue} on this thread.
   *
   * @throws IllegalStateException if no {@code setValue} on this thread awaits a restore; nothing
   *     changes
   */
  @Override
  public void restore() {
    if (!ScopeStack.get().exit()) {
      throw new IllegalStateException(
          "cannot restore "
              + KEY
              + " on thread '"
              + Thread.currentThread().getName()
              + "': no setValue on this thread awaits a restore (was the scope opened on another"
              + " thread, or closed twice?)");
    }
  }

  @Override
  public String toString() {
    return "ContextThreadLocalAccessor[" + KEY + "]";
  }
}
