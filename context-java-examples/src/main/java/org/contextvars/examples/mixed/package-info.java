/**
 * Example 5: Java calls a Kotlin coroutine service, which calls Java back, and the tenant and
 * request id follow every call.
 */
@NullMarked
package org.contextvars.examples.mixed;

import org.jspecify.annotations.NullMarked;
