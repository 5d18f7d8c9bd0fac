/**
 * Implementation of {@code org.contextvars.micrometer}. Not API: any of it may change without
 * notice.
 */
@NullMarked
package org.contextvars.micrometer.internal;

import org.jspecify.annotations.NullMarked;
