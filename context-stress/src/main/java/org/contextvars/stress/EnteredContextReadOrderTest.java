package org.contextvars.stress;

import static org.contextvars.stress.Vars.A;
import static org.contextvars.stress.Vars.B;
import static org.contextvars.stress.Vars.THREW;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.contextvars.Context;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * One thread runs code in a context and sets {@code a=1}, {@code a=2}, then {@code b=3}; another
 * reads the context from outside, {@code b} first, then {@code a}. A reader that sees the last set
 * must see every set before it: {@code b=3} with {@code a} other than 2 is forbidden.
 */
@JCStressTest
@Description("Reads of an entered context from another thread follow the owner's order of sets")
@Outcome(id = {"0, 0", "0, 2"}, expect = ACCEPTABLE, desc = "b not set yet")
@Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = "b not set yet, a between its sets")
@Outcome(id = "3, 2", expect = ACCEPTABLE, desc = "Every set seen")
@Outcome(expect = FORBIDDEN, desc = "b seen without the sets before it, or threw")
@State
public class EnteredContextReadOrderTest {

  final Context context = new Context();

  @Actor
  public void owner() {
    context.run(
        () -> {
          A.set(1);
          A.set(2);
          B.set(3);
        });
  }

  @Actor
  public void reader(II_Result r) {
    try {
      r.r1 = context.getOrDefault(B, 0);
      r.r2 = context.getOrDefault(A, 0);
    } catch (RuntimeException e) {
      r.r1 = THREW;
    }
  }
}
