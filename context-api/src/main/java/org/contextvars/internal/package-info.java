/**
 * Implementation of {@code org.contextvars}: the persistent map behind a context, per-thread storage
 * and executor decorators. Not API: nothing here is exported except to the Kotlin coroutine bridge,
 * and any of it may change without notice.
 */
@NullMarked
package org.contextvars.internal;

import org.jspecify.annotations.NullMarked;
