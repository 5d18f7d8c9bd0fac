package org.contextvars.benchmarks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How {@code org.contextvars} scales with the number of variables bound in the current context.
 * Targets: {@code get} with 10,000 bound at most twice {@code get} with 4; {@code set} + {@code
 * reset} with 10,000 at most three times the same with 4. {@code copyCurrent} is here to show it
 * does not grow at all.
 *
 * <p>The benchmarks read and write the variable bound last.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GrowthBenchmark {

  /** {@code boundVars} fresh variables bound in the benchmark thread's base context. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class ManyBound {

    private static final int LARGEST_RESET_IN_TEARDOWN = 16;

    @Param({"1", "4", "16", "10000"})
    public int boundVars;

    /** What {@link #setReset} sets: a field, so the JIT cannot fold it. */
    public String newValue = "new";

    /** The variable bound last. */
    public ContextVar<String> last = ContextVar.of("unbound");

    private final Deque<Token<String>> tokens = new ArrayDeque<>();

    // Runs on the benchmark thread (Scope.Thread), so the sets land in its base context; see
    // BoundOnThread for why that holds and how it is checked.
    @Setup(Level.Trial)
    public void bind() {
      if (!Context.copyCurrent().isEmpty()) {
        throw new IllegalStateException("benchmark thread starts with bindings");
      }
      for (int i = 1; i <= boundVars; i++) {
        last = ContextVar.of("var" + i);
        tokens.push(last.set("value" + i));
      }
      checkStillBound();
    }

    @Setup(Level.Iteration)
    public void checkStillBound() {
      int size = Context.copyCurrent().size();
      if (size != boundVars || !("value" + boundVars).equals(last.get())) {
        throw new IllegalStateException(
            "expected " + boundVars + " vars bound on this thread, found " + size);
      }
    }

    /**
     * Resets the bindings, unless there are thousands of them. JMH runs a trial's teardown inside
     * the last measured iteration, so the gc profiler books the teardown's allocation on it, and
     * removing 10,000 bindings one by one from a persistent map allocates hundreds of megabytes
     * (O(n²) with a flat array), which would show up as {@code get} allocating. Large sets are
     * left in the base context of the worker thread, which dies with the fork: JMH runs each
     * parameter value in its own fork.
     */
    @TearDown(Level.Trial)
    public void unbind() {
      if (boundVars > LARGEST_RESET_IN_TEARDOWN) {
        return;
      }
      while (!tokens.isEmpty()) {
        tokens.pop().close();
      }
      if (!Context.copyCurrent().isEmpty()) {
        throw new IllegalStateException("bindings left behind");
      }
    }
  }

  @Benchmark
  public String get(ManyBound bound) {
    return bound.last.get();
  }

  @Benchmark
  public Token<String> setReset(ManyBound bound) {
    Token<String> token = bound.last.set(bound.newValue);
    bound.last.reset(token);
    return token;
  }

  @Benchmark
  public Context copyCurrent(ManyBound bound) {
    return Context.copyCurrent();
  }
}
