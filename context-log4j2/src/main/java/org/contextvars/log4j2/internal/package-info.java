/** Implementation of the Log4j 2 bridge; not API. */
@NullMarked
package org.contextvars.log4j2.internal;

import org.jspecify.annotations.NullMarked;
