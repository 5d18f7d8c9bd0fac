package org.contextvars.micrometer.internal;

import java.util.Arrays;
import org.contextvars.Context;
import org.contextvars.ContextSwitch;
import org.jspecify.annotations.Nullable;

/**
 * The Micrometer scopes open on one thread, oldest first: for each, the context it made current and
 * the one that was current before. Micrometer closes a scope by handing {@code restore} only what
 * {@code getValue} returned just before the scope opened, a copy of the previous context; this
 * stack finds the scope that copy was taken for, so that each close is matched to its own open and
 * checked by {@link ContextSwitch#leave}.
 *
 * <p>Thread-safety: confined to its thread.
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
   * Installed and previous contexts in pairs, in a reused array: a scope on a pooled thread then
   * allocates nothing here. Slots past {@code 2 * size} are cleared so that no context stays
   * reachable from the thread after its scope closed.
   */
  private @Nullable Context[] scopes = new Context[8];

  private int size;

  private ScopeStack() {}

  /** The calling thread's stack. */
  public static ScopeStack get() {
    return STACKS.get();
  }

  /** Makes {@code installed}, a context nothing else can enter, current in a new scope. */
  public void open(Context installed) {
    forgetScopesLeftElsewhere();
    if (2 * size == scopes.length) {
      scopes = Arrays.copyOf(scopes, scopes.length * 2);
    }
    Context previous = ContextSwitch.enter(installed);
    scopes[2 * size] = installed;
    scopes[2 * size + 1] = previous;
    size++;
  }

  /**
   * Closes the newest scope opened over {@code previousValue}: a copy of the context that was
   * current when the scope opened, or null when that context had no bindings.
   *
   * @throws IllegalStateException if no scope open on this thread matches (nothing changes), or
   *     if the scope is not the newest one (it is closed all the same: see {@link ContextSwitch})
   */
  public void close(@Nullable Context previousValue) {
    for (int i = size - 1; i >= 0; i--) {
      Context previous = scopes[2 * i + 1];
      if (previousValue == null
          ? previous.isEmpty()
          : ContextSwitch.sameBindings(previous, previousValue)) {
        Context installed = scopes[2 * i];
        remove(i);
        ContextSwitch.leave(installed);
        return;
      }
    }
    throw new IllegalStateException(
        "cannot close a Micrometer scope of org.contextvars.Context on thread '"
            + Thread.currentThread().getName()
            + "': no scope open on this thread was opened over the given previous value (was it"
            + " opened on another thread, or closed twice?); nothing was changed");
  }

  /** How many scopes are open on this thread. */
  public int depth() {
    forgetScopesLeftElsewhere();
    return size;
  }

  /**
   * Drops scopes whose context was already left with the unit of work they were opened in (a task
   * or {@code run} that ended with them open): they can never be closed here, and would otherwise
   * keep their contexts reachable from a pooled thread.
   */
  private void forgetScopesLeftElsewhere() {
    for (int i = size - 1; i >= 0; i--) {
      if (!ContextSwitch.isEntered(scopes[2 * i])) {
        remove(i);
      }
    }
  }

  private void remove(int index) {
    System.arraycopy(scopes, 2 * index + 2, scopes, 2 * index, 2 * (size - 1 - index));
    size--;
    scopes[2 * size] = null;
    scopes[2 * size + 1] = null;
  }
}
