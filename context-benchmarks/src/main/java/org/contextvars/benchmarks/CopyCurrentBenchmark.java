package org.contextvars.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Taking a snapshot of the current context to hand to another task, with four values of each
 * library bound. Target: {@code Context.copyCurrent()} at most a tenth of
 * TransmittableThreadLocal's {@code Transmitter.capture()}.
 *
 * <p>OpenTelemetry and gRPC contexts are immutable, so their snapshot is just reading the current
 * context; they are here as the floor, not as a target.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CopyCurrentBenchmark {

  @Benchmark
  public Context contextCopyCurrent(BoundOnThread bound) {
    return Context.copyCurrent();
  }

  @Benchmark
  public Object transmittableThreadLocalCapture(BoundOnThread bound) {
    return TransmittableThreadLocal.Transmitter.capture();
  }

  @Benchmark
  public io.opentelemetry.context.Context openTelemetryCurrent(BoundOnThread bound) {
    return io.opentelemetry.context.Context.current();
  }

  @Benchmark
  public io.grpc.Context grpcCurrent(BoundOnThread bound) {
    return io.grpc.Context.current();
  }
}
