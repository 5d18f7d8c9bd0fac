/** Example 6: plain executors, futures and threads carry context under the Java agent. */
@NullMarked
package org.contextvars.examples.agent;

import org.jspecify.annotations.NullMarked;
