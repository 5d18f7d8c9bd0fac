package org.contextvars.stress;

import static org.contextvars.stress.Vars.A;
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
 * A new, empty context published through a data race: the reader sees a working empty context
 * (size 0, equal to another empty one, usable by {@code run}), never one whose map is missing.
 */
@JCStressTest
@Description("new Context() published through a data race")
@Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "Not published yet")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "Published: empty, and usable")
@Outcome(expect = FORBIDDEN, desc = "Published context seen without its map, or threw")
@State
public class RacyPublicationOfEmptyTest {

  /** Deliberately neither volatile nor final: the publication is a data race. */
  Context published;

  @Actor
  public void writer() {
    published = new Context();
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
      r.r1 = seen.size();
      r.r2 = seen.equals(new Context()) ? 1 : 0;
      r.r3 = seen.copy().supply(() -> A.orElse(0));
    } catch (RuntimeException e) {
      r.r1 = THREW;
    }
  }
}
