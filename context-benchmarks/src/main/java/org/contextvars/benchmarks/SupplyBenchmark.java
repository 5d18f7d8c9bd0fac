package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.BOUND_VALUE;
import static org.contextvars.benchmarks.BoundKeys.GRPC_KEY_1;
import static org.contextvars.benchmarks.BoundKeys.GRPC_KEY_2;
import static org.contextvars.benchmarks.BoundKeys.GRPC_KEY_3;
import static org.contextvars.benchmarks.BoundKeys.GRPC_KEY_4;
import static org.contextvars.benchmarks.BoundKeys.OTEL_KEY_1;
import static org.contextvars.benchmarks.BoundKeys.OTEL_KEY_2;
import static org.contextvars.benchmarks.BoundKeys.OTEL_KEY_3;
import static org.contextvars.benchmarks.BoundKeys.OTEL_KEY_4;
import static org.contextvars.benchmarks.BoundKeys.VAR_1;
import static org.contextvars.benchmarks.BoundKeys.VAR_2;
import static org.contextvars.benchmarks.BoundKeys.VAR_3;
import static org.contextvars.benchmarks.BoundKeys.VAR_4;

import io.opentelemetry.context.Scope;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.contextvars.Context;
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
 * Entering a context that is not the current one, reading a value in it, and leaving: what a task
 * does with the context it was handed. The entered context holds four values, and the thread has
 * four of its own bound. Target: {@code ctx.supply(VAR::get)} at most 1.5 times OpenTelemetry's {@code
 * ctx.makeCurrent()} + get + close.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SupplyBenchmark {

  /**
   * {@code VAR_4::get} as a constant. Written inline, a method reference on a variable captures it
   * and may allocate on each call; a constant keeps the lambda out of the measurement, as it would
   * be for OpenTelemetry, whose block is inline code.
   */
  private static final Supplier<String> READ_VAR_4 = VAR_4::get;

  /** Contexts built once and entered by every call; none of them is current on any thread. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Detached {
    public Context context = new Context();
    public io.opentelemetry.context.Context openTelemetry = io.opentelemetry.context.Context.root();
    public io.grpc.Context grpc = io.grpc.Context.ROOT;

    @Setup(Level.Trial)
    public void build() {
      context.run(
          () -> {
            // Sets made inside run stay in the context that ran: these bind the detached context.
            VAR_1.set("value1");
            VAR_2.set("value2");
            VAR_3.set("value3");
            VAR_4.set(BOUND_VALUE);
          });
      openTelemetry =
          io.opentelemetry.context.Context.root()
              .with(OTEL_KEY_1, "value1")
              .with(OTEL_KEY_2, "value2")
              .with(OTEL_KEY_3, "value3")
              .with(OTEL_KEY_4, BOUND_VALUE);
      grpc =
          io.grpc.Context.ROOT
              .withValue(GRPC_KEY_1, "value1")
              .withValue(GRPC_KEY_2, "value2")
              .withValue(GRPC_KEY_3, "value3")
              .withValue(GRPC_KEY_4, BOUND_VALUE);
      if (context.size() != 4 || !BOUND_VALUE.equals(context.supply(READ_VAR_4))) {
        throw new IllegalStateException("detached context not built as expected: " + context);
      }
    }
  }

  @Benchmark
  public String contextSupply(BoundOnThread bound, Detached detached) {
    return detached.context.supply(READ_VAR_4);
  }

  /** The same call written the way users write it; shows whether the JIT removes the capture. */
  @Benchmark
  public String contextSupplyInlineMethodRef(BoundOnThread bound, Detached detached) {
    return detached.context.supply(VAR_4::get);
  }

  @Benchmark
  @SuppressWarnings("try") // the scope is the point, not its value
  public String openTelemetryMakeCurrent(BoundOnThread bound, Detached detached) {
    try (Scope scope = detached.openTelemetry.makeCurrent()) {
      return io.opentelemetry.context.Context.current().get(OTEL_KEY_4);
    }
  }

  @Benchmark
  public String grpcAttach(BoundOnThread bound, Detached detached) {
    io.grpc.Context previous = detached.grpc.attach();
    try {
      return GRPC_KEY_4.get();
    } finally {
      detached.grpc.detach(previous);
    }
  }
}
