package org.contextvars.agent;

import java.util.Set;

/**
 * Recognises tasks and stage functions that already run in a captured context: those made by the
 * core ({@code Context.wrap}, {@code ContextExecutors}, {@code ContextCompletableFuture}) and by
 * this agent. Binding them again would only add a second copy of the same snapshot.
 *
 * <p>The core's wrappers are lambdas, which are nestmates of the class that creates them, so the
 * test is on the nest host: no marker type is needed in the core.
 */
final class AlreadyBound {

  private static final Set<String> BINDERS =
      Set.of(
          "org.contextvars.Context",
          "org.contextvars.StageFunctions",
          "org.contextvars.LeakTracker",
          "org.contextvars.agent.BoundStages",
          "org.contextvars.agent.BoundFuture");

  private static final ClassValue<Boolean> BOUND =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return BINDERS.contains(type.getNestHost().getName());
        }
      };

  private AlreadyBound() {}

  static boolean test(Object task) {
    return BOUND.get(task.getClass());
  }
}
