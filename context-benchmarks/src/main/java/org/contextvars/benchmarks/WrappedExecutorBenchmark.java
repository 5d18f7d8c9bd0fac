package org.contextvars.benchmarks;

import com.alibaba.ttl.threadpool.TtlExecutors;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextExecutors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The propagation overhead of each library's executor decorator: one task submitted to an executor
 * that runs it inline, so only capturing, installing and restoring the context is measured, with no
 * thread hop. Four values of each library are bound on the submitting thread. Target: {@code
 * ContextExecutors.wrap(direct)} at most twice OpenTelemetry's {@code
 * Context.taskWrapping(direct)}.
 *
 * <p>Every executor runs the same task, which increments a counter; the trial checks at the end that
 * every submission really ran.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WrappedExecutorBenchmark {

  /** The executors, the shared task, and the counts that prove the task ran. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Decorated {
    public long runs;
    public long submissions;
    public final Runnable task = () -> runs++;
    public final Executor direct = Runnable::run;
    public final Executor contextVars = ContextExecutors.wrap(direct);
    public final Executor openTelemetry = io.opentelemetry.context.Context.taskWrapping(direct);
    public final Executor grpc = io.grpc.Context.currentContextExecutor(direct);
    public final Executor transmittableThreadLocal = TtlExecutors.getTtlExecutor(direct);

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

    void submitTo(Executor executor) {
      submissions++;
      executor.execute(task);
    }
  }

  @Benchmark
  public void direct(BoundOnThread bound, Decorated executors) {
    executors.submitTo(executors.direct);
  }

  @Benchmark
  public void contextExecutors(BoundOnThread bound, Decorated executors) {
    executors.submitTo(executors.contextVars);
  }

  @Benchmark
  public void openTelemetryTaskWrapping(BoundOnThread bound, Decorated executors) {
    executors.submitTo(executors.openTelemetry);
  }

  @Benchmark
  public void grpcCurrentContextExecutor(BoundOnThread bound, Decorated executors) {
    executors.submitTo(executors.grpc);
  }

  @Benchmark
  public void transmittableThreadLocal(BoundOnThread bound, Decorated executors) {
    executors.submitTo(executors.transmittableThreadLocal);
  }
}
