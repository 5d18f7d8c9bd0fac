package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.GRPC_KEY_4;
import static org.contextvars.benchmarks.BoundKeys.OTEL_KEY_4;
import static org.contextvars.benchmarks.BoundKeys.THREAD_LOCAL_4;
import static org.contextvars.benchmarks.BoundKeys.TTL_4;
import static org.contextvars.benchmarks.BoundKeys.VAR_4;

import com.alibaba.ttl.TransmittableThreadLocal;
import io.opentelemetry.context.Scope;
import java.util.concurrent.TimeUnit;
import org.contextvars.Token;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scoped override of an already bound value: bind a new value, read it, put the old one back.
 * Four values of each library are bound on the thread. Target: {@code ContextVar} at most 0.8 times
 * OpenTelemetry's {@code with(key, value).makeCurrent()}.
 *
 * <p>{@code ThreadLocal} and {@link TransmittableThreadLocal} have no scoped form; their variants
 * save, set and restore by hand, which is what a careful caller writes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SetGetResetBenchmark {

  @Benchmark
  @SuppressWarnings("try") // the scope is the point, not its value
  public String contextVar(BoundOnThread bound) {
    try (Token<String> token = VAR_4.set(bound.newValue)) {
      return VAR_4.get();
    }
  }

  @Benchmark
  @SuppressWarnings("try") // the scope is the point, not its value
  public String openTelemetry(BoundOnThread bound) {
    try (Scope scope =
        io.opentelemetry.context.Context.current().with(OTEL_KEY_4, bound.newValue).makeCurrent()) {
      return io.opentelemetry.context.Context.current().get(OTEL_KEY_4);
    }
  }

  @Benchmark
  public String grpc(BoundOnThread bound) {
    io.grpc.Context next = io.grpc.Context.current().withValue(GRPC_KEY_4, bound.newValue);
    io.grpc.Context previous = next.attach();
    try {
      return GRPC_KEY_4.get();
    } finally {
      next.detach(previous);
    }
  }

  @Benchmark
  public String threadLocal(BoundOnThread bound) {
    String previous = THREAD_LOCAL_4.get();
    THREAD_LOCAL_4.set(bound.newValue);
    try {
      return THREAD_LOCAL_4.get();
    } finally {
      THREAD_LOCAL_4.set(previous);
    }
  }

  @Benchmark
  public String transmittableThreadLocal(BoundOnThread bound) {
    String previous = TTL_4.get();
    TTL_4.set(bound.newValue);
    try {
      return TTL_4.get();
    } finally {
      TTL_4.set(previous);
    }
  }
}
