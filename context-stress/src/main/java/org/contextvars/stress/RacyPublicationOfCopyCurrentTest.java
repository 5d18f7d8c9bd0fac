package org.contextvars.stress;

import static org.contextvars.stress.Vars.A;
import static org.contextvars.stress.Vars.B;
import static org.contextvars.stress.Vars.THREW;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.contextvars.Context;
import org.contextvars.Token;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code Context.copyCurrent()} taken on one thread, with values that thread has just set, and
 * published through a data race. The writer resets its values afterwards, so the jcstress worker
 * thread, reused for the next state, starts clean; the copy keeps them.
 */
@JCStressTest
@Description("Context made by copyCurrent() and published through a data race")
@Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "Not published yet")
@Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "Published, with both bindings")
@Outcome(expect = FORBIDDEN, desc = "Published context seen without (all of) its bindings, or threw")
@State
public class RacyPublicationOfCopyCurrentTest {

  /** Deliberately neither volatile nor final: the publication is a data race. */
  Context published;

  @Actor
  public void writer() {
    try (Token<Integer> a = A.set(1);
        Token<Integer> b = B.set(2)) {
      published = Context.copyCurrent();
    }
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
      r.r1 = seen.contains(A) ? seen.get(A) : 0;
      r.r2 = seen.getOrDefault(B, 0);
      r.r3 = seen.vars().size();
    } catch (RuntimeException e) {
      r.r1 = THREW;
    }
  }
}
