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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two threads each run the same context once: the first reads b and sets a, the second reads a and
 * sets b. When both run, the later one sees what the earlier one set, because leaving a context
 * hands it on to the next thread that enters it: both reading nothing (0, 0) is forbidden.
 * A refused thread reports -1.
 */
@JCStressTest
@Description("Values set in a run are seen by the next run of the same context on another thread")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "First ran, then second, which saw a=1")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Second ran, then first, which saw b=2")
@Outcome(id = {"0, -1", "-1, 0"}, expect = ACCEPTABLE, desc = "One ran, the other was refused")
@Outcome(expect = FORBIDDEN, desc = "A later run missed the earlier run's set, or threw")
@State
public class EnterHandoffTest {

  final Context context = new Context();

  @Actor
  public void first(II_Result r) {
    try {
      r.r1 =
          context.supply(
              () -> {
                int seen = B.orElse(0);
                A.set(1);
                return seen;
              });
    } catch (IllegalStateException refused) {
      r.r1 = -1;
    } catch (RuntimeException e) {
      r.r1 = THREW;
    }
  }

  @Actor
  public void second(II_Result r) {
    try {
      r.r2 =
          context.supply(
              () -> {
                int seen = A.orElse(0);
                B.set(2);
                return seen;
              });
    } catch (IllegalStateException refused) {
      r.r2 = -1;
    } catch (RuntimeException e) {
      r.r2 = THREW;
    }
  }
}
