package org.contextvars.stress;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.testing.Stress;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's model checker explores thread interleavings of operations on one {@link Context}: one
 * thread runs code in it (each operation a {@code run} that sets, resets or reads inside), the
 * others read it from outside ({@code get}, {@code contains}, {@code size}, {@code toMap}, {@code
 * equals}, {@code hashCode}, {@code copy}). Every concurrent history must match some sequential
 * order of the same operations: a reader never sees a state the context was never in.
 *
 * <p>Each owner operation makes exactly one change, so that it is one step of the sequential
 * specification; a reader seeing the bindings between two sets of one {@code run} is the live view
 * the class promises, not a linearizability violation, and is covered by the jcstress suite. The
 * owner operations share one thread ({@code nonParallelGroup}): two threads running the context at
 * once is refused by design, which the jcstress suite checks.
 *
 * <p>{@code -Dcontextvars.stress=true} explores ten times as many scenarios, each more deeply.
 */
@Param(name = "var", gen = IntGen.class, conf = "0:1")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class ContextLinearizabilityTest {

  private static final ContextVar<Integer> A = ContextVar.of("a");
  private static final ContextVar<Integer> B = ContextVar.of("b");
  private static final List<ContextVar<Integer>> VARS = List.of(A, B);
  private static final Context ONLY_A_IS_1 = new Context().with(A, 1);

  private final Context context = new Context();

  /** Per variable, the token of its latest set; touched only by the owner operations' thread. */
  @SuppressWarnings("unchecked")
  private final Token<Integer>[] latest = new Token[VARS.size()];

  @Operation(nonParallelGroup = "owner")
  public void setInside(@Param(name = "var") int var, @Param(name = "value") int value) {
    context.run(() -> latest[var] = VARS.get(var).set(value));
  }

  /** Resets a token in a later run of the context than its set: allowed, as in Python. */
  @Operation(nonParallelGroup = "owner")
  public String resetInside(@Param(name = "var") int var) {
    Token<Integer> token = latest[var];
    if (token == null) {
      return "no token";
    }
    return context.supply(
        () -> {
          try {
            VARS.get(var).reset(token);
            return "reset";
          } catch (IllegalStateException alreadyUsed) {
            return "used";
          }
        });
  }

  @Operation(nonParallelGroup = "owner")
  public int getInside(@Param(name = "var") int var) {
    return context.supply(() -> VARS.get(var).orElse(0));
  }

  @Operation
  public int get(@Param(name = "var") int var) {
    return context.getOrDefault(VARS.get(var), 0);
  }

  @Operation
  public boolean contains(@Param(name = "var") int var) {
    return context.contains(VARS.get(var));
  }

  @Operation
  public int size() {
    return context.size();
  }

  @Operation
  public String toMap() {
    Map<String, Object> byName = new TreeMap<>();
    context.toMap().forEach((var, value) -> byName.put(var.name(), value));
    return byName.toString();
  }

  @Operation
  public boolean equalsOnlyAIs1() {
    return context.equals(ONLY_A_IS_1);
  }

  @Operation
  public int hashCodeOfContext() {
    return context.hashCode();
  }

  @Operation
  public String copyThenRead() {
    Context copy = context.copy();
    return copy.size() + ":" + copy.getOrDefault(A, 0) + ":" + copy.getOrDefault(B, 0);
  }

  @Test
  void everyHistoryOfOneContextIsLinearizable() {
    new ModelCheckingOptions()
        .iterations(Stress.pick(6, 100))
        .invocationsPerIteration(Stress.pick(300, 10_000))
        .threads(3)
        .actorsPerThread(Stress.pick(3, 4))
        .check(getClass());
  }
}
