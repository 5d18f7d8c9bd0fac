/**
 * The persistent map behind a context: a flat table for a few variables, a CHAMP trie for more.
 * Needs no API type; not exported, and any of it may change without notice.
 */
@NullMarked
package org.contextvars.internal;

import org.jspecify.annotations.NullMarked;
