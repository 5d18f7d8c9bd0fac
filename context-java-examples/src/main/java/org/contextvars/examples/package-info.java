/** Runnable examples of context variables; start with {@link org.contextvars.examples.Examples}. */
@NullMarked
package org.contextvars.examples;

import org.jspecify.annotations.NullMarked;
