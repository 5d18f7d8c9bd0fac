package org.contextvars.agent;

import org.contextvars.Context;
import org.contextvars.internal.ThreadContextHolder;

/**
 * The agent's only contact with the core's per-thread storage, for the two places where no
 * lexical {@code Context.run} block can be wrapped around the work: a fork/join task, whose
 * identity must not change, runs between an enter at the start of its execution and an exit at
 * its end; and a new thread's first context is the snapshot its creator passed on.
 */
final class ThreadContexts {

  private ThreadContexts() {}

  /** Makes {@code snapshot}, which no other code can reach, current; returns the previous one. */
  static Object enter(Context snapshot) {
    ThreadContextHolder holder = ThreadContextHolder.get();
    Context previous = holder.current;
    holder.current = snapshot;
    return previous;
  }

  /** Puts back what {@link #enter} returned. */
  static void exit(Object previous) {
    ThreadContextHolder.get().current = (Context) previous;
  }
}
