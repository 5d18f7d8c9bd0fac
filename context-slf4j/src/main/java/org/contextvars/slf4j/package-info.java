/**
 * Context variables in the SLF4J MDC: {@link org.contextvars.slf4j.ContextVarMdc} makes chosen
 * {@link org.contextvars.ContextVar}s appear in {@code MDC.get}, {@code MDC.getCopyOfContextMap} and in
 * every Logback event's MDC, read from the current context, so they follow executor tasks and coroutines
 * without {@code MDC.put}.
 */
@NullMarked
package org.contextvars.slf4j;

import org.jspecify.annotations.NullMarked;
