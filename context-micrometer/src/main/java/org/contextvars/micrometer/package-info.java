/**
 * Carries the current {@link org.contextvars.Context} through Micrometer's context-propagation, and
 * so through Reactor's automatic context propagation and Spring's task decorators.
 *
 * <pre>{@code
 * // With this module on the class path, ContextRegistry.getInstance() already knows our context:
 * try (var token = REQUEST_ID.set("req-42")) {
 *   Runnable task = ContextSnapshotFactory.builder().build().captureAll().wrap(() -> log(REQUEST_ID.get()));
 *   pool.execute(task);                          // logs "req-42" on the pool thread
 * }
 * }</pre>
 *
 * @see org.contextvars.micrometer.ContextThreadLocalAccessor
 */
@NullMarked
package org.contextvars.micrometer;

import org.jspecify.annotations.NullMarked;
