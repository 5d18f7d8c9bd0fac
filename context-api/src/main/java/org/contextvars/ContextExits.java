package org.contextvars;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The slow paths of leaving a context: the frame being left is not the newest on its thread, or is
 * not on it at all. CPython raises when {@code PyContext_Exit} finds another context current; here
 * the thread is also put into a defined state, so that no context stays current, or owned, after
 * the code that entered it is gone, and no scope's values leak into the next task on a pooled
 * thread.
 *
 * <ul>
 *   <li>The end of a unit of work ({@code run}, a wrapped task, a coroutine's suspension) whose
 *       frame has newer frames above it: those were opened inside it and never closed. They are
 *       left with it ({@link #unwind}), and the thread gets back the context that was current before
 *       the unit of work.
 *   <li>A scope closed while newer frames are open above it (closed out of order, or a scope opened
 *       outside a {@code run} closed inside it): only that scope's frame is taken out ({@link
 *       #removeOlder}); the newer frames keep running in their contexts, and when they end the
 *       thread returns to the context from before the scope.
 *   <li>A frame that is not on this thread's stack: it was left already (closed twice, or left
 *       with an older unit of work) or entered on another thread. Nothing changes.
 * </ul>
 *
 * <p>Each case tells the {@link LeakCheck} listener and returns an exception for the caller to
 * throw, or to attach to one that is already propagating. Messages name contexts by identity and
 * variable names, never by values.
 */
final class ContextExits {

  private ContextExits() {}

  /**
   * The end of a unit of work whose fast path failed. Its frame is found again if an older scope
   * closed out of order moved it (that was reported then: if it is now the newest frame, it is
   * simply closed and null returned). Otherwise closes it and every frame opened after it, or,
   * when it is not open on this thread, changes nothing.
   *
   * @param ownedByRun whether the frame was entered through {@code run}
   * @param what how the context was entered, for the message: "run", "task" or "scope"
   */
  static @Nullable IllegalStateException unwind(
      ThreadState state, int frame, Context context, boolean ownedByRun, String what) {
    int index = state.holds(frame, context) ? frame : state.find(context, ownedByRun);
    if (index < 0) {
      return notEntered(state, context, what);
    }
    if (state.popIfNewest(index, context)) {
      return null;
    }
    Context current = state.current;
    Context[] abandoned = state.unwindTo(index);
    return report(
        "left "
            + context.describe()
            + " ("
            + what
            + ") on thread '"
            + Thread.currentThread().getName()
            + "' while "
            + current.describe()
            + " was current: "
            + leftWithIt(abandoned)
            + ", and the thread is back in "
            + state.current.describe()
            + ". Close every scope opened inside it before it ends");
  }

  /**
   * A coroutine suspended while frames opened inside it, from frame {@code frame} on, are still
   * open: they are closed, and the thread is back in the context from before them.
   */
  static void suspendedWithScopesOpen(ThreadState state, int frame, Context context) {
    Context first = state.installedAt(frame);
    Context[] abandoned = state.unwindTo(frame);
    Context[] all = Arrays.copyOf(abandoned, abandoned.length + 1);
    all[abandoned.length] = first;
    report(
        "a coroutine running in "
            + context.describe()
            + " suspended on thread '"
            + Thread.currentThread().getName()
            + "' with scopes opened inside it still open: "
            + leftWithIt(all)
            + ". Close every scope opened in a coroutine before it suspends");
  }

  private static String leftWithIt(Context[] abandoned) {
    if (abandoned.length == 0) {
      return "no scope was opened inside it, so another context was made current without a scope"
          + " (a coroutine resumed inside it that never suspended?); it was put back";
    }
    StringBuilder names = new StringBuilder();
    for (Context left : abandoned) {
      names.append(names.length() == 0 ? "" : ", ").append(left.describe());
    }
    return abandoned.length
        + " scope(s) opened inside it and never closed were closed with it ("
        + names
        + ")";
  }

  /** A scope closed while newer frames are open above its frame {@code frame}. */
  static IllegalStateException removeOlder(ThreadState state, int frame, Context context) {
    Context current = state.current;
    state.removeOlder(frame);
    return report(
        "closed the scope of "
            + context.describe()
            + " on thread '"
            + Thread.currentThread().getName()
            + "' while "
            + current.describe()
            + ", entered after it, was still current: the scope was taken out and "
            + current.describe()
            + " stays current; when it is left, the thread returns to the context from before"
            + " the scope. Close scopes in the reverse order of opening");
  }

  /** A leave for which this thread has no open frame; nothing changes. */
  static IllegalStateException notEntered(ThreadState state, Context context, String what) {
    return report(
        "cannot leave "
            + context.describe()
            + " ("
            + what
            + ") on thread '"
            + Thread.currentThread().getName()
            + "': it is not entered on this thread, whose current context is "
            + state.current.describe()
            + ". It was left already (closed twice, or left with a unit of work it was opened in)"
            + " or entered on another thread; nothing was changed");
  }

  private static IllegalStateException report(String message) {
    IllegalStateException mismatch = new IllegalStateException(message);
    LeakTracker.reportMismatchedExit(Thread.currentThread().getName(), mismatch);
    return mismatch;
  }
}
