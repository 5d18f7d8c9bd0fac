package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.GRPC_KEY_4;
import static org.contextvars.benchmarks.BoundKeys.OTEL_KEY_4;
import static org.contextvars.benchmarks.BoundKeys.THREAD_LOCAL_4;
import static org.contextvars.benchmarks.BoundKeys.TTL_4;
import static org.contextvars.benchmarks.BoundKeys.VAR_4;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a value, with four values of each library bound on the thread. Target: {@code
 * ContextVar.get()} at most 0.9 times OpenTelemetry and gRPC, at most twice {@code ThreadLocal.get()},
 * and no allocation.
 *
 * <p>Each method returns what it read, so JMH consumes it and the read cannot be eliminated.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GetBenchmark {

  @Benchmark
  public String contextVar(BoundOnThread bound) {
    return VAR_4.get();
  }

  /** The same read in a copy of the context that nothing was set in: a task's or coroutine's. */
  @Benchmark
  public String contextVarInCopy(BoundInCopy bound) {
    return VAR_4.get();
  }

  @Benchmark
  public String threadLocal(BoundOnThread bound) {
    return THREAD_LOCAL_4.get();
  }

  @Benchmark
  public String openTelemetry(BoundOnThread bound) {
    return io.opentelemetry.context.Context.current().get(OTEL_KEY_4);
  }

  @Benchmark
  public String grpc(BoundOnThread bound) {
    return GRPC_KEY_4.get();
  }

  @Benchmark
  public String transmittableThreadLocal(BoundOnThread bound) {
    return TTL_4.get();
  }
}
