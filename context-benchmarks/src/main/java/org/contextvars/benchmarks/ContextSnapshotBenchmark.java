package org.contextvars.benchmarks;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.micrometer.ContextThreadLocalAccessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-task cost of Micrometer's {@code captureAll().wrap(task).run()}, the path that Spring's task
 * decorators and Reactor's schedule hook take, with and without our accessor in the registry. Not
 * a test: run it with the {@code jmh} profile (see the module README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ContextSnapshotBenchmark {

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final ThreadLocal<String> PLAIN = new ThreadLocal<>();

  /**
   * What the registry holds: nothing; one plain {@code ThreadLocal} (a typical accessor, for
   * scale); our accessor with one bound variable; our accessor with nothing bound.
   */
  @Param({"empty", "threadLocal", "contextVars", "contextVarsUnbound"})
  public String registry;

  private ContextSnapshotFactory factory;
  private Token<String> token;
  private Runnable task;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    ContextRegistry contextRegistry = new ContextRegistry();
    switch (registry) {
      case "empty":
        break;
      case "threadLocal":
        contextRegistry.registerThreadLocalAccessor(
            "plain", PLAIN::get, PLAIN::set, PLAIN::remove);
        PLAIN.set("acme");
        break;
      case "contextVars":
        contextRegistry.registerThreadLocalAccessor(new ContextThreadLocalAccessor());
        token = TENANT.set("acme");
        break;
      case "contextVarsUnbound":
        contextRegistry.registerThreadLocalAccessor(new ContextThreadLocalAccessor());
        break;
      default:
        throw new IllegalArgumentException("unknown registry: " + registry);
    }
    factory = ContextSnapshotFactory.builder().contextRegistry(contextRegistry).build();
    task = () -> blackhole.consume(TENANT.orElse(PLAIN.get()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    PLAIN.remove();
    if (token != null) {
      TENANT.reset(token);
    }
  }

  /** Capture, wrap and run one task: what every decorated task pays. */
  @Benchmark
  public void captureWrapRun() {
    factory.captureAll().wrap(task).run();
  }

  /** The core's own propagation, for scale: {@code Context.copyCurrent().wrap(task).run()}. */
  @Benchmark
  public void coreWrapRun() {
    Context.copyCurrent().wrap(task).run();
  }
}
