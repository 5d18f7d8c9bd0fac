/**
 * Example 2: a request id reaches log lines deep in an HTTP handler and in work handed to other
 * threads.
 */
@NullMarked
package org.contextvars.examples.requestid;

import org.jspecify.annotations.NullMarked;
