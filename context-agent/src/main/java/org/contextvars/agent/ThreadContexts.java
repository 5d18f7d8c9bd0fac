package org.contextvars.agent;

import org.contextvars.Context;
import org.contextvars.ContextSwitch;

/**
 * Where the agent enters a context without a lexical {@code Context.run} block: a fork/join task,
 * whose identity must not change, runs between an enter as its execution starts and a leave as it
 * ends. Both go through the core's checked {@link ContextSwitch}.
 */
final class ThreadContexts {

  private ThreadContexts() {}

  /** Makes {@code snapshot}, which no other code can reach, current; returns what to leave. */
  static Object enter(Context snapshot) {
    ContextSwitch.enter(snapshot);
    return snapshot;
  }

  /** Leaves what {@link #enter} entered. */
  static void leave(Object entered) {
    try {
      ContextSwitch.leave((Context) entered);
    } catch (IllegalStateException mismatch) {
      // The task left a scope open or closed ours. The core has already told the LeakCheck
      // listener and put the thread in a defined state; throwing on from here would end the
      // pool's worker thread, not the task that did it.
    }
  }
}
