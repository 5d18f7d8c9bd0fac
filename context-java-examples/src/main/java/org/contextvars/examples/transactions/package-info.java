/**
 * Example 3: repository code finds the open database transaction in the context instead of a
 * parameter.
 */
@NullMarked
package org.contextvars.examples.transactions;

import org.jspecify.annotations.NullMarked;
