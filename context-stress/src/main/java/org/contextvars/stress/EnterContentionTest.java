package org.contextvars.stress;

import static org.contextvars.stress.Vars.A;
import static org.contextvars.stress.Vars.THREW;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.contextvars.Context;
import org.contextvars.ContextSwitch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads {@code run} the same context. Each either runs alone (1) or is refused with {@link
 * IllegalStateException} (-1); they never run at once (2), are never both refused, and after the
 * call neither thread still has the context current (9). Afterwards the context can be run again.
 */
@JCStressTest
@Description("Two threads run one context: never both at once, never both refused")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both ran, one after the other")
@Outcome(id = {"1, -1, 1", "-1, 1, 1"}, expect = ACCEPTABLE, desc = "One ran, the other refused")
@Outcome(
    expect = FORBIDDEN,
    desc = "Ran together, both refused, left current, not released, or threw")
@State
public class EnterContentionTest {

  final Context context = new Context();
  final AtomicInteger inside = new AtomicInteger();

  int attempt(int id) {
    int outcome;
    try {
      outcome =
          context.supply(
              () -> {
                int together = inside.incrementAndGet();
                A.set(id);
                if (A.get() != id) {
                  together = THREW;
                }
                inside.decrementAndGet();
                return together;
              });
    } catch (IllegalStateException refused) {
      outcome = -1;
    } catch (RuntimeException e) {
      outcome = THREW;
    }
    return ContextSwitch.isCurrent(context) ? 9 : outcome;
  }

  @Actor
  public void first(III_Result r) {
    r.r1 = attempt(1);
  }

  @Actor
  public void second(III_Result r) {
    r.r2 = attempt(2);
  }

  @Arbiter
  public void afterwards(III_Result r) {
    try {
      r.r3 = context.supply(() -> inside.get() == 0 ? 1 : 0);
    } catch (RuntimeException e) {
      r.r3 = THREW;
    }
  }
}
