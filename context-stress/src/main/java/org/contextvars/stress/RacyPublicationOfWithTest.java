package org.contextvars.stress;

import static org.contextvars.stress.Vars.A;
import static org.contextvars.stress.Vars.B;
import static org.contextvars.stress.Vars.THREW;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.contextvars.Context;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A context built with {@code new Context().with(...)} and handed to another thread through a plain
 * field, with no synchronisation at all. The reader sees no context yet, or one with both bindings:
 * never a context without its map (an NPE) or with part of it.
 */
@JCStressTest
@Description("Context made by with() and published through a data race")
@Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "Not published yet")
@Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "Published, with both bindings")
@Outcome(expect = FORBIDDEN, desc = "Published context seen without (all of) its bindings, or threw")
@State
public class RacyPublicationOfWithTest {

  /** Deliberately neither volatile nor final: the publication is a data race. */
  Context published;

  @Actor
  public void writer() {
    published = new Context().with(A, 1).with(B, 2);
  }

  @Actor
  public void reader(III_Result r) {
    Context seen = published;
    if (seen == null) {
      r.r1 = -1;
      r.r2 = -1;
      r.r3 = -1;
      return;
    }
    try {
      r.r1 = seen.getOrDefault(A, 0);
      r.r2 = seen.get(B);
      r.r3 = seen.size();
    } catch (RuntimeException e) {
      r.r1 = THREW;
    }
  }
}
