/** Implementation of the MDC bridge; not API. */
@NullMarked
package org.contextvars.slf4j.internal;

import org.jspecify.annotations.NullMarked;
