package org.contextvars.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ScopedValue} (final in JDK 25) in the shapes of the {@code org.contextvars} benchmarks it
 * corresponds to, with four values bound:
 *
 * <ul>
 *   <li>{@link #get}: {@link GetBenchmark#contextVar}.
 *   <li>{@link #whereCall}, rebinding one value for a call and reading it: {@link
 *       SetGetResetBenchmark#contextVar}.
 *   <li>{@link #carrierCall}, running in a prepared set of four bindings: {@link
 *       SupplyBenchmark#contextSupply}.
 * </ul>
 *
 * <p>The four values are bound around the life of each JMH worker thread by {@link
 * ScopedValueWorkers}, which the fork's JVM arguments select. Compiled only on JDK 25 and later.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Djmh.executor=CUSTOM",
      "-Djmh.executor.class=org.contextvars.benchmarks.ScopedValueWorkers"
    })
public class ScopedValueBenchmark {

  static final ScopedValue<String> VALUE_1 = ScopedValue.newInstance();
  static final ScopedValue<String> VALUE_2 = ScopedValue.newInstance();
  static final ScopedValue<String> VALUE_3 = ScopedValue.newInstance();
  static final ScopedValue<String> VALUE_4 = ScopedValue.newInstance();

  /** The bindings every worker thread runs in. */
  static final ScopedValue.Carrier FOUR_BOUND =
      ScopedValue.where(VALUE_1, "value1")
          .where(VALUE_2, "value2")
          .where(VALUE_3, "value3")
          .where(VALUE_4, BoundKeys.BOUND_VALUE);

  /** {@code VALUE_4::get} as a constant, like {@code SupplyBenchmark}'s supplier. */
  private static final ScopedValue.CallableOp<String, RuntimeException> READ_VALUE_4 =
      VALUE_4::get;

  /** The values a benchmark binds; fields, so the JIT cannot fold them. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Values {
    public String newValue = "new";
    public ScopedValue.Carrier detached =
        ScopedValue.where(VALUE_1, "value1")
            .where(VALUE_2, "value2")
            .where(VALUE_3, "value3")
            .where(VALUE_4, "detached");

    @Setup(Level.Iteration)
    public void checkBound() {
      if (!VALUE_4.isBound() || !BoundKeys.BOUND_VALUE.equals(VALUE_4.get())) {
        throw new IllegalStateException(
            "ScopedValue not bound on "
                + Thread.currentThread()
                + ": run the fork with -Djmh.executor=CUSTOM"
                + " -Djmh.executor.class="
                + ScopedValueWorkers.class.getName());
      }
    }
  }

  @Benchmark
  public String get(Values values) {
    return VALUE_4.get();
  }

  @Benchmark
  public String whereCall(Values values) {
    return ScopedValue.where(VALUE_4, values.newValue).call(READ_VALUE_4);
  }

  @Benchmark
  public String carrierCall(Values values) {
    return values.detached.call(READ_VALUE_4);
  }
}
