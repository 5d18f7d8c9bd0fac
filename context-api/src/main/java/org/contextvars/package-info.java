/**
 * Context variables for the JVM, after Python's {@code contextvars} (PEP 567).
 *
 * <p>A {@link org.contextvars.ContextVar} is a key whose value depends on the <em>current
 * {@link org.contextvars.Context}</em>. Every thread has its own current context; {@link
 * org.contextvars.Context#run(Runnable)} makes another one current for the length of a call, and
 * {@link org.contextvars.ContextExecutors} carries a snapshot of the submitter's context to the
 * thread that runs a task.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("request_id");
 *
 * try (var token = REQUEST_ID.set("req-42")) {
 *   handle();                                   // REQUEST_ID.get() == "req-42" anywhere below
 *   executor.execute(() -> log(REQUEST_ID.get())); // with a ContextExecutors-wrapped executor
 * }                                               // REQUEST_ID is unbound again here
 * }</pre>
 */
@NullMarked
package org.contextvars;

import org.jspecify.annotations.NullMarked;
