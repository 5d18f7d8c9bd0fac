package org.contextvars.agent;

import org.contextvars.ContextSwitch;

/**
 * Recognises tasks and stage functions that already run in a captured context: those the core
 * bound ({@code Context.wrap}, {@code ContextExecutors}, {@code ContextCompletableFuture}), which
 * the core itself says through {@link ContextSwitch#isContextBound}, and this agent's own. Binding
 * them again would only add a second copy of the same snapshot.
 */
final class AlreadyBound {

  private AlreadyBound() {}

  static boolean test(Object task) {
    return ContextSwitch.isContextBound(task)
        || task instanceof BoundStages.Bound
        || task instanceof BoundFuture;
  }
}
