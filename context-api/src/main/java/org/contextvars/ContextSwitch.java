package org.contextvars;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * <b>Delicate:</b> makes a context current without {@link Context#run}'s lexical block, for bridges
 * whose enter and leave happen in different calls. Two kinds of bridge need it:
 *
 * <ul>
 *   <li>Scopes of a propagation library, opened by one call and closed by a later one on the same
 *       thread ({@link #enter}, {@link #leave}), such as Micrometer's {@code ContextSnapshot}
 *       scopes.
 *   <li>Coroutine elements, whose context is made current at every resumption and taken away at
 *       every suspension ({@link #resume}, {@link #suspend}), such as the Kotlin bridge's {@code
 *       ContextElement}.
 * </ul>
 *
 * <p>A third kind, a bridge that binds tasks itself (a Java agent instrumenting executors), asks
 * {@link #isContextBound} which tasks the core has already bound.
 *
 * <p>Application code should use {@code run}, {@code call}, {@code supply} or the wrappers.
 *
 * <pre>{@code
 * Context installed = snapshot.copy();                  // private: no one else can enter it
 * ContextSwitch.enter(installed);                       // when the scope opens
 * ...
 * ContextSwitch.leave(installed);                       // when it closes: same thread, newest first
 * }</pre>
 *
 * <p>Leaving is checked, as {@code run}'s end is, and a mismatch is never repaired silently: the
 * {@link LeakCheck} listener is told (a {@link ContextLeak.Kind#MISMATCHED_EXIT}) and {@link
 * #leave} throws. The thread is left in a defined state:
 *
 * <ul>
 *   <li>{@link #leave} of a scope while scopes opened after it are still open (closed out of
 *       order, or a scope opened outside a {@code run} closed inside it): only that scope is taken
 *       out. The current context does not change; when the newer scopes close, the thread returns
 *       to the context from before the scope that left early.
 *   <li>{@link #leave} of a context with no open scope on this thread (closed twice, on another
 *       thread, or closed already with the {@code run}, task or coroutine it was opened in):
 *       nothing changes.
 *   <li>{@link #suspend} while scopes opened during that resumption are still open: they are closed
 *       first, so nothing the coroutine opened stays on the thread; {@code suspend} never throws.
 *   <li>The end of a {@code run} or of a wrapped task while scopes opened inside it are still open:
 *       they are closed with it, and {@code run} throws.
 * </ul>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Neither {@code enter} nor {@code resume} checks that no other thread runs the context, as
 *       {@code run} does: use them only with contexts that nothing else can enter, such as a fresh
 *       {@link Context#copy()} or a coroutine's own context.
 *   <li>Sets made while the context is current go into it: a {@link Token} made there must be reset
 *       while it is current again.
 * </ul>
 *
 * <p>Thread-safety: all methods act on the calling thread's state only.
 */
public final class ContextSwitch {

  private ContextSwitch() {}

  /**
   * Opens a scope: makes {@code context} current on the calling thread until the matching {@link
   * #leave}, and returns the context it replaces.
   *
   * @throws NullPointerException if {@code context} is null; nothing changes
   */
  public static Context enter(Context context) {
    Objects.requireNonNull(context, "context must not be null");
    ThreadState state = ThreadState.get();
    Context previous = state.current;
    state.push(context, false);
    return previous;
  }

  /**
   * Closes the newest scope on this thread that {@link #enter} opened with {@code context}: the
   * thread's current context is again the one from before that scope.
   *
   * @throws IllegalStateException if that scope is not the newest one open on this thread, or there
   *     is none; see the class description for the state the thread is left in
   * @throws NullPointerException if {@code context} is null; nothing changes
   */
  public static void leave(Context context) {
    Objects.requireNonNull(context, "context must not be null");
    ThreadState state = ThreadState.get();
    int frame = state.find(context, false);
    if (frame < 0) {
      throw ContextExits.notEntered(state, context, "scope");
    }
    if (state.popIfNewest(frame, context)) {
      return;
    }
    if (state.isNewest(frame)) {
      // Its scope is the newest, but a coroutine swapped another context in and never out.
      throw Objects.requireNonNull(ContextExits.unwind(state, frame, context, false, "scope"));
    }
    throw ContextExits.removeOlder(state, frame, context);
  }

  /**
   * A coroutine resumes: makes its {@code context} current on the calling thread and returns the
   * context it replaces, to be handed to the matching {@link #suspend}. A reference swap: no
   * allocation, no check.
   *
   * @throws NullPointerException if {@code context} is null; nothing changes
   */
  public static Context resume(Context context) {
    Objects.requireNonNull(context, "context must not be null");
    return ThreadState.get().swap(context);
  }

  /**
   * A coroutine that runs in {@code context} suspends or ends: the calling thread's current
   * context becomes {@code previous}, the value the matching {@link #resume} returned, whatever is
   * current now. Coroutine libraries may resume and suspend nested coroutines in an order that is
   * not strictly nested, and rely on this "put back the old state" contract. Never throws: scopes
   * opened during the resumption and still open are closed first and reported to the {@link
   * LeakCheck} listener.
   *
   * @throws NullPointerException if an argument is null; nothing changes
   */
  public static void suspend(Context context, Context previous) {
    Objects.requireNonNull(context, "context must not be null");
    Objects.requireNonNull(previous, "previous must not be null");
    ThreadState state = ThreadState.get();
    int firstLeftOpen = state.firstOpenedInside(context);
    if (firstLeftOpen >= 0) {
      ContextExits.suspendedWithScopesOpen(state, firstLeftOpen, context);
    }
    state.swapBack(previous);
  }

  /** Whether {@code context} has a scope opened by {@link #enter} and not closed on this thread. */
  public static boolean isEntered(Context context) {
    return ThreadState.get().find(context, false) >= 0;
  }

  /** Whether {@code context} is the calling thread's current context. */
  public static boolean isCurrent(Context context) {
    return ThreadState.get().current == context;
  }

  /**
   * Whether {@code a} and {@code b} hold the very same bindings object: one is a copy of the other,
   * or of the same context, and neither changed since. Constant time; never calls a value's {@code
   * equals}. Lets a bridge recognise which of its scopes a snapshot was taken for.
   */
  public static boolean sameBindings(Context a, Context b) {
    return a.bindings() == b.bindings();
  }

  /**
   * Whether {@code task} is one the core has already bound to a context: a task made by {@link
   * Context#wrap} (so also by the {@link ContextExecutors} wrappers), a wrapped fork/join task, or
   * a stage function of a {@link ContextCompletableFuture}. A bridge that binds tasks itself, such
   * as a Java agent that instruments executors, passes these through unchanged: binding them again
   * would only add a second copy of the same snapshot. Constant time.
   *
   * @return false for null and for everything else
   */
  public static boolean isContextBound(@Nullable Object task) {
    return task instanceof ContextBound;
  }
}
