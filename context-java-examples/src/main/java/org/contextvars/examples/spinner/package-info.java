/**
 * Example 1: concurrent tasks each draw their own symbol, first from a static field, then from a
 * context variable.
 */
@NullMarked
package org.contextvars.examples.spinner;

import org.jspecify.annotations.NullMarked;
