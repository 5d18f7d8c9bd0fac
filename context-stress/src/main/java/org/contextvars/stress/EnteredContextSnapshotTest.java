package org.contextvars.stress;

import static org.contextvars.stress.Vars.A;
import static org.contextvars.stress.Vars.B;
import static org.contextvars.stress.Vars.THREW;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Map;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The owner's context goes through the states {}, {a=1}, {a=1, b=2}, {a=3, b=2} and back to {a=1,
 * b=2} (a token reset). A reader's {@code toMap} is one of those states, never a mix ({a=3} without
 * b, {b=2} without a), its size agrees with its entries, and a later {@code size()} is never
 * smaller (reads do not go back in time).
 */
@JCStressTest
@Description("toMap/size of an entered context, read from another thread, are consistent snapshots")
@Outcome(
    id = {"0, 0, 0, 0", "0, 0, 0, 1", "0, 0, 0, 2", "1, 0, 1, 1", "1, 0, 1, 2"},
    expect = ACCEPTABLE,
    desc = "A state before the last set")
@Outcome(id = {"1, 2, 2, 2", "3, 2, 2, 2"}, expect = ACCEPTABLE, desc = "A state with both set")
@Outcome(expect = FORBIDDEN, desc = "A torn or impossible snapshot, or threw")
@State
public class EnteredContextSnapshotTest {

  final Context context = new Context();

  @Actor
  public void owner() {
    context.run(
        () -> {
          A.set(1);
          B.set(2);
          Token<Integer> token = A.set(3);
          A.reset(token);
        });
  }

  @Actor
  public void reader(IIII_Result r) {
    try {
      Map<ContextVar<?>, Object> snapshot = context.toMap();
      r.r1 = (Integer) snapshot.getOrDefault(A, 0);
      r.r2 = (Integer) snapshot.getOrDefault(B, 0);
      r.r3 = snapshot.size();
      r.r4 = context.size();
    } catch (RuntimeException e) {
      r.r1 = THREW;
    }
  }
}
