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
 * {@code copy()} of a context, published through a data race; the reader copies what it sees again
 * and runs code in that copy, the way an executor wrapper would. No NPE, no missing binding.
 */
@JCStressTest
@Description("Context made by copy() and published through a data race, then copied and run")
@Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "Not published yet")
@Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "Published, with both bindings")
@Outcome(expect = FORBIDDEN, desc = "Published context seen without (all of) its bindings, or threw")
@State
public class RacyPublicationOfCopyTest {

  /** Made before the actors start; jcstress publishes the state object safely. */
  final Context source = new Context().with(A, 1).with(B, 2);

  /** Deliberately neither volatile nor final: the publication is a data race. */
  Context published;

  @Actor
  public void writer() {
    published = source.copy();
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
      int[] values = seen.copy().supply(() -> new int[] {A.get(), B.orElse(0)});
      r.r1 = values[0];
      r.r2 = values[1];
      r.r3 = seen.toMap().size();
    } catch (RuntimeException e) {
      r.r1 = THREW;
    }
  }
}
