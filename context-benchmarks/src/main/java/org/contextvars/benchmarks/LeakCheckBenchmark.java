package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.VAR_4;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.contextvars.Context;
import org.contextvars.ContextCompletableFuture;
import org.contextvars.ContextExecutors;
import org.contextvars.LeakCheck;
import org.contextvars.Token;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The operations that the opt-in {@link LeakCheck} instruments, measured once in a JVM without
 * {@code -Dorg.contextvars.leakCheck=true} ({@link LeakCheckOffBenchmark}) and once with it ({@link
 * LeakCheckOnBenchmark}). The switch is a {@code static final} field read when the library loads, so
 * the two settings need two JVMs: JMH forks each subclass with its own {@code @Fork} arguments. A
 * plain {@code CompletableFuture.thenApply}, which no check touches, runs in both as a control for
 * the difference between the two JVMs.
 *
 * <p>Four values are bound on the benchmark thread ({@link BoundOnThread}); the wrapped task runs on
 * the submitting thread, so the check's thread inspection (only for tasks that hop threads) does not
 * run and only its per-task bookkeeping is measured, as for a caller-runs executor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class LeakCheckBenchmark {

  /** What the instrumented operations run, and the counts that prove the tasks ran. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Instrumented {
    public long runs;
    public long submissions;
    public final Runnable task = () -> runs++;
    public final Executor contextExecutor = ContextExecutors.wrap((Executor) Runnable::run);
    public final Function<String, Integer> stage = String::length;
    public final ContextCompletableFuture<String> contextFuture =
        ContextCompletableFuture.completedFuture("done");
    public final CompletableFuture<String> plainFuture = CompletableFuture.completedFuture("done");
    public Context captured = new Context();

    /** Fails the run when the fork's JVM arguments did not set the switch as the class name says. */
    @Setup(Level.Trial)
    public void checkSwitch(BenchmarkParams params) {
      boolean expected = params.getBenchmark().startsWith(LeakCheckOnBenchmark.class.getName() + ".");
      if (LeakCheck.isEnabled() != expected) {
        throw new IllegalStateException(
            params.getBenchmark()
                + " expects the leak check "
                + (expected ? "on" : "off")
                + ", but it is "
                + (LeakCheck.isEnabled() ? "on" : "off")
                + " (JVM arguments "
                + params.getJvmArgs()
                + "; a -jvmArgsAppend on the command line replaces the @Fork arguments)");
      }
      captured = Context.copyCurrent();
    }

    @Setup(Level.Iteration)
    public void resetCounts() {
      runs = 0;
      submissions = 0;
    }

    @TearDown(Level.Iteration)
    public void checkEveryTaskRan() {
      if (runs != submissions) {
        throw new IllegalStateException(submissions + " tasks submitted, but " + runs + " ran");
      }
    }
  }

  @Benchmark
  public Token<String> setClose(BoundOnThread bound) {
    try (Token<String> token = VAR_4.set(bound.newValue)) {
      return token;
    }
  }

  @Benchmark
  public void wrapRun(BoundOnThread bound, Instrumented instrumented) {
    instrumented.submissions++;
    instrumented.captured.wrap(instrumented.task).run();
  }

  @Benchmark
  public void wrappedExecutor(BoundOnThread bound, Instrumented instrumented) {
    instrumented.submissions++;
    instrumented.contextExecutor.execute(instrumented.task);
  }

  @Benchmark
  public CompletableFuture<Integer> contextFutureThenApply(BoundOnThread bound, Instrumented instrumented) {
    return instrumented.contextFuture.thenApply(instrumented.stage);
  }

  @Benchmark
  public CompletableFuture<Integer> plainFutureThenApply(BoundOnThread bound, Instrumented instrumented) {
    return instrumented.plainFuture.thenApply(instrumented.stage);
  }
}
