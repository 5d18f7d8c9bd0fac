package org.contextvars.benchmarks;

import java.util.concurrent.TimeUnit;
import kotlin.coroutines.CoroutineContext;
import org.contextvars.ContextVar;
import org.contextvars.coroutines.ContextElements;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Many coroutines on a real multi-threaded dispatcher: {@code runBlocking(element)} starts {@value
 * #COROUTINES} children on {@code Dispatchers.Default}, each of which suspends {@value #SUSPENSIONS}
 * times ({@code yield()}, so it resumes on whichever of Default's threads picks it up) and after
 * each resume reads a variable and writes it. One operation is all of it, until the last child has
 * finished: {@value #COROUTINES} x {@value #SUSPENSIONS} resumes (the report also divides by them).
 *
 * <ul>
 *   <li>{@link #contextElement}: a {@code ContextVar} carried by our element ({@code
 *       VAR.asContextElement(v)}); each child gets its own context, and its writes persist across
 *       its suspensions.
 *   <li>{@link #threadLocalElement}: a {@code ThreadLocal} carried by kotlinx.coroutines' {@code
 *       threadLocal.asContextElement(v)}. Its writes are <em>lost</em> at the next suspension: every
 *       resume installs the element's value again. It does less than ours, and is the baseline
 *       all the same, since it is what coroutine code uses today.
 *   <li>{@link #noElement}: the same loop with the value in a local variable of each child: the cost
 *       of the coroutines and dispatching alone.
 *   <li>{@link #contextElementReads}, {@link #threadLocalElementReads}: the loop of the first two
 *       without the writes, which separates what a read and a resume cost from what a write costs.
 * </ul>
 *
 * <p>Target: ours at most 1.05 times kotlinx.coroutines' element. Before and after every iteration
 * the measured workload runs once on a smaller scale and fails the run unless ours saw every write
 * of its own (or, reading only, the element's value), kotlinx.coroutines' element lost them as
 * documented, and no value was left on Default's threads.
 *
 * <pre>{@code
 * java -jar context-benchmarks/target/benchmarks.jar ManyCoroutinesBenchmark -prof gc -rf json -rff many.json
 * }</pre>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Our {@code set} makes a token and a new map each time, where {@code ThreadLocal.set} on a
 *       present entry allocates nothing: the write is part of what is compared.
 *   <li>kotlinx.coroutines' debug mode must be off (no {@code -ea}); the check fails the run otherwise.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManyCoroutinesBenchmark {

  static final int COROUTINES = 2000;
  static final int SUSPENSIONS = 100;
  static final int RESUMES = COROUTINES * SUSPENSIONS;

  static final ContextVar<String> STEP = ContextVar.of("step");
  static final ThreadLocal<String> STEP_LOCAL = new ThreadLocal<>();

  /** What the children write; a power of two in length. */
  static final String[] VALUES = {"zero", "one", "two", "three", "four", "five", "six", "seven"};

  /** The elements, built once per trial as templates: every child gets its own copy of ours. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Elements {
    public String initial = "initial";
    public CoroutineContext contextElement = ContextElements.asContextElement(STEP, initial);
    public CoroutineContext threadLocalElement = CoroutineWorkloads.threadLocalElement(STEP_LOCAL, initial);

    @Setup(Level.Iteration)
    public void checkBefore(BenchmarkParams params) {
      check(params);
    }

    @TearDown(Level.Iteration)
    public void checkAfter(BenchmarkParams params) {
      check(params);
    }

    /**
     * Runs the measured workload only: running the others in the same fork would teach the JIT
     * their element types too and slow every variant's resumes (see {@link CoroutineElements#check}).
     */
    private void check(BenchmarkParams params) {
      CoroutineWorkloads.requireCoroutineDebugModeOff();
      int coroutines = 50;
      int suspensions = 10;
      String benchmark = params.getBenchmark();
      switch (benchmark.substring(benchmark.lastIndexOf('.') + 1)) {
        case "contextElement":
          expect(
              "ContextElement (every read sees the child's own last write)",
              coroutines * suspensions,
              CoroutineWorkloads.manyCoroutinesVar(contextElement, STEP, VALUES, coroutines, suspensions));
          break;
        case "threadLocalElement":
          expect(
              "ThreadLocal.asContextElement (writes lost at each suspension: only first reads match)",
              coroutines,
              CoroutineWorkloads.manyCoroutinesThreadLocal(
                  threadLocalElement, STEP_LOCAL, VALUES, coroutines, suspensions));
          break;
        case "contextElementReads":
          expect(
              "ContextElement, reads only",
              coroutines * suspensions,
              CoroutineWorkloads.manyCoroutinesVarReads(contextElement, STEP, initial, coroutines, suspensions));
          break;
        case "threadLocalElementReads":
          expect(
              "ThreadLocal.asContextElement, reads only",
              coroutines * suspensions,
              CoroutineWorkloads.manyCoroutinesThreadLocalReads(
                  threadLocalElement, STEP_LOCAL, initial, coroutines, suspensions));
          break;
        case "noElement":
          expect(
              "no element",
              coroutines * suspensions,
              CoroutineWorkloads.manyCoroutinesLocal(VALUES, coroutines, suspensions));
          break;
        default:
          throw new IllegalStateException("no check for " + benchmark);
      }
      @Nullable String left = CoroutineWorkloads.leftOnDefaultThreads(STEP, STEP_LOCAL, 64);
      if (left != null || STEP.isBound() || STEP_LOCAL.get() != null) {
        throw new IllegalStateException(
            "coroutines left values behind: " + (left != null ? left : "on the benchmark thread"));
      }
    }

    private static void expect(String workload, int expected, int actual) {
      if (actual != expected) {
        throw new IllegalStateException(workload + ": expected " + expected + " matching reads, got " + actual);
      }
    }
  }

  @Benchmark
  public int contextElement(Elements elements) {
    return CoroutineWorkloads.manyCoroutinesVar(elements.contextElement, STEP, VALUES, COROUTINES, SUSPENSIONS);
  }

  @Benchmark
  public int threadLocalElement(Elements elements) {
    return CoroutineWorkloads.manyCoroutinesThreadLocal(
        elements.threadLocalElement, STEP_LOCAL, VALUES, COROUTINES, SUSPENSIONS);
  }

  @Benchmark
  public int contextElementReads(Elements elements) {
    return CoroutineWorkloads.manyCoroutinesVarReads(
        elements.contextElement, STEP, elements.initial, COROUTINES, SUSPENSIONS);
  }

  @Benchmark
  public int threadLocalElementReads(Elements elements) {
    return CoroutineWorkloads.manyCoroutinesThreadLocalReads(
        elements.threadLocalElement, STEP_LOCAL, elements.initial, COROUTINES, SUSPENSIONS);
  }

  @Benchmark
  public int noElement(Elements elements) {
    return CoroutineWorkloads.manyCoroutinesLocal(VALUES, COROUTINES, SUSPENSIONS);
  }
}
