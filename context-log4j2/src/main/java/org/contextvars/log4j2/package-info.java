/**
 * Context variables in Log4j 2's context data: {@link org.contextvars.log4j2.ContextVarContextData}
 * chooses the {@link org.contextvars.ContextVar}s that every Log4j 2 event carries (as {@code
 * %X{key}}, in JSON layouts, through async loggers), read from the current context when the event is
 * created, so they follow executor tasks and coroutines without {@code ThreadContext.put}.
 */
@NullMarked
package org.contextvars.log4j2;

import org.jspecify.annotations.NullMarked;
