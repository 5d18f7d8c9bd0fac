package org.contextvars.micrometer.internal;

import java.util.Arrays;
import java.util.Objects;
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

  /**
   * The replaced contexts, oldest first, in a reused array: a scope on a pooled thread then
   * allocates nothing here. Slots above {@link #size} are cleared so that no context stays
   * reachable from the thread after its scope closed.
   */
  private @Nullable Context[] replaced = new Context[4];

  private int size;

  private ScopeStack() {}

  /** The calling thread's stack. */
  public static ScopeStack get() {
    return STACKS.get();
  }

  /** Makes {@code context} current on this thread and remembers the one it replaces. */
  public void enter(Context context) {
    ThreadContextHolder holder = ThreadContextHolder.get();
    if (size == replaced.length) {
      replaced = Arrays.copyOf(replaced, size * 2);
    }
    replaced[size++] = holder.current;
    holder.current = context;
  }

  /**
   * Puts back the context that the newest {@link #enter} replaced, whatever is current now, and
   * returns true; returns false and changes nothing when there is no such enter on this thread.
   */
  public boolean exit() {
    if (size == 0) {
      return false;
    }
    Context previous = replaced[--size];
    replaced[size] = null;
    ThreadContextHolder.get().current = Objects.requireNonNull(previous);
    return true;
  }

  /** How many enters on this thread have not been exited. */
  public int depth() {
    return size;
  }
}
