package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.VAR_4;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.contextvars.ContextCompletableFuture;
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
 * Per-task cost of the Java agent ({@code context-agent}) beside the hand-wrapped equivalents. Run
 * it twice: once plain, once with {@code -jvmArgsAppend "-javaagent:context-agent/target/
 * context-agent-0.1.0-SNAPSHOT.jar -Dcontextvars.agent.include=*$MeasuredPool"}. The include list
 * keeps the agent away from JMH's own executor, whose tasks would otherwise each run in a copy of
 * JMH's context and lose the bindings {@link BoundOnThread} made in an earlier task. Then:
 *
 * <ul>
 *   <li>{@code plainPool} without the agent is the bare round trip to a one-thread pool (the task
 *       sees nothing); with the agent it is that round trip plus the agent's capture;
 *   <li>{@code wrappedPool} without the agent is the hand-wrapped {@code ContextExecutors} cost;
 *       with the agent it shows that a wrapped task is not captured twice;
 *   <li>{@code plainStage} and {@code contextStage}: one dependent {@code CompletableFuture} stage,
 *       created and then completed on the same thread, so no thread hop hides the binding cost.
 * </ul>
 *
 * <p>Each task reads a bound variable and returns it, so a run that lost the context fails instead
 * of measuring the wrong path: see {@link #check}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AgentTaskBenchmark {

  /** Whether this JVM runs with the agent: decides what a plain pool's task must see. */
  static final boolean AGENT = agentAttached();

  private static boolean agentAttached() {
    try {
      Class.forName("org.contextvars.agent.bootstrap.ContextCarrier", false, null);
      return true;
    } catch (ClassNotFoundException absent) {
      return false;
    }
  }

  static final Callable<String> READ = () -> VAR_4.orElse("unbound");
  static final Function<String, String> READ_STAGE = ignored -> VAR_4.orElse("unbound");

  /** A one-thread pool of its own class, so the agent can be told to instrument only it. */
  static final class MeasuredPool extends ThreadPoolExecutor {
    MeasuredPool() {
      super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }
  }

  /** One-thread pools: the submitting thread waits, so each round trip is one task. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Pools {
    ExecutorService plain;
    ExecutorService wrapped;

    @Setup(Level.Trial)
    public void start() {
      plain = new MeasuredPool();
      wrapped = ContextExecutors.wrap(new MeasuredPool());
    }

    @TearDown(Level.Trial)
    public void stop() {
      plain.shutdownNow();
      wrapped.shutdownNow();
    }
  }

  static String check(String seen, boolean mustSeeValue) {
    if (mustSeeValue != seen.equals(BoundKeys.BOUND_VALUE)) {
      throw new IllegalStateException("task saw '" + seen + "', agent attached: " + AGENT);
    }
    return seen;
  }

  @Benchmark
  public String plainPool(BoundOnThread bound, Pools pools)
      throws InterruptedException, ExecutionException {
    return check(pools.plain.submit(READ).get(), AGENT);
  }

  @Benchmark
  public String wrappedPool(BoundOnThread bound, Pools pools)
      throws InterruptedException, ExecutionException {
    return check(pools.wrapped.submit(READ).get(), true);
  }

  @Benchmark
  public String plainStage(BoundOnThread bound) {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> stage = source.thenApply(READ_STAGE);
    source.complete("x");
    // Completed on this thread: the stage sees the value with or without the agent.
    return check(stage.join(), true);
  }

  @Benchmark
  public String contextStage(BoundOnThread bound) {
    ContextCompletableFuture<String> source = new ContextCompletableFuture<>();
    CompletableFuture<String> stage = source.thenApply(READ_STAGE);
    source.complete("x");
    return check(stage.join(), true);
  }
}
