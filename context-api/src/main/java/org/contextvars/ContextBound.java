package org.contextvars;

/**
 * Marks what the core hands to executors and futures already bound to a context: the tasks of
 * {@link Context#wrap} (and so of {@link ContextExecutors}), the stage functions of {@link
 * ContextCompletableFuture}, and wrapped fork/join tasks. Lambdas carry it through an intersection
 * cast, {@code (Runnable & ContextBound) () -> ...}.
 *
 * <p>Package-private on purpose: bridges ask {@link ContextSwitch#isContextBound}, so no code
 * outside the core can claim to be bound.
 */
interface ContextBound {}
