package org.contextvars.stress;

import org.contextvars.ContextVar;

/**
 * The variables the jcstress tests bind. Constants, as applications declare them: a test that
 * made its variables per state object would measure {@code ContextVar.of}, not the context.
 */
final class Vars {

  static final ContextVar<Integer> A = ContextVar.of("a");
  static final ContextVar<Integer> B = ContextVar.of("b");

  /** What a reader reports when the action it measures threw: always a forbidden outcome. */
  static final int THREW = -99;

  private Vars() {}
}
