package org.contextvars.micrometer.internal;

import org.contextvars.Context;
import org.contextvars.internal.ThreadContextHolder;
import org.jspecify.annotations.Nullable;

/**
 * The contexts that Micrometer scopes replaced on one thread, newest first, so that closing a scope
 * puts back the very {@link Context} object that was current before it opened, not a copy of it: a
 * {@code Token} made before the scope then still resets after it.
 *
 * <p>Micrometer hands {@code restore} only what {@code getValue} returned, and {@code getValue} must
 * return a copy (a snapshot must not change when its creator sets values later), so the object
 * itself has to be remembered here.
 *
 * <p>Thread-safety: confined to its thread, like {@link ThreadContextHolder}.
 */
public final class ScopeStack {

  private static final ThreadLocal<ScopeStack> STACKS =
      new ThreadLocal<ScopeStack>() {
        @Override
        protected ScopeStack initialValue() {
          return new ScopeStack();
        }
      };

  private @Nullable Frame top;

  private ScopeStack() {}

  /** The calling thread's stack. */
  public static ScopeStack get() {
    return STACKS.get();
  }

  /** Makes {@code context} current on this thread and remembers the one it replaces. */
  public void enter(Context context) {
    ThreadContextHolder holder = ThreadContextHolder.get();
    top = new Frame(holder.current, top);
    holder.current = context;
  }

  /**
   * Puts back the context that the newest {@link #enter} replaced, whatever is current now, and
   * returns true; returns false and changes nothing when there is no such enter on this thread.
   */
  public boolean exit() {
    Frame frame = top;
    if (frame == null) {
      return false;
    }
    top = frame.next;
    ThreadContextHolder.get().current = frame.replaced;
    return true;
  }

  /** How many enters on this thread have not been exited. */
  public int depth() {
    int depth = 0;
    for (Frame frame = top; frame != null; frame = frame.next) {
      depth++;
    }
    return depth;
  }

  private static final class Frame {
    final Context replaced;
    final @Nullable Frame next;

    Frame(Context replaced, @Nullable Frame next) {
      this.replaced = replaced;
      this.next = next;
    }
  }
}
