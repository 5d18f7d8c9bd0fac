package org.contextvars.internal;

import org.contextvars.Context;

/**
 * The per-thread cell that points at the thread's current {@link Context}.
 *
 * <p>One {@code ThreadLocal} lookup finds the cell; entering and leaving a context are then plain
 * field writes on it, which is far cheaper than {@code ThreadLocal.set} and lets the coroutine
 * bridge swap contexts on every resumption with a single reference store.
 *
 * <p>Thread-safety: a cell is confined to its thread. Only code running on that thread may read or
 * write {@link #current}.
 */
public final class ThreadContextHolder {

  private static final ThreadLocal<ThreadContextHolder> HOLDERS =
      new ThreadLocal<ThreadContextHolder>() {
        // ThreadLocal.withInitial is not available on Android API 24.
        @Override
        protected ThreadContextHolder initialValue() {
          return new ThreadContextHolder();
        }
      };

  /**
   * The context that {@code ContextVar.get} and {@code set} use on this thread. Starts as the
   * thread's own empty base context.
   */
  public Context current = new Context();

  private ThreadContextHolder() {}

  /** The calling thread's cell. */
  public static ThreadContextHolder get() {
    return HOLDERS.get();
  }
}
