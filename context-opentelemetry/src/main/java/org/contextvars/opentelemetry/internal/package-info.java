/** Implementation of {@code org.contextvars.opentelemetry}; not API. */
@NullMarked
package org.contextvars.opentelemetry.internal;

import org.jspecify.annotations.NullMarked;
