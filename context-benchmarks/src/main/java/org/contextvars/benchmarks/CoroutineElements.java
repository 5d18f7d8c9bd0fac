package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.BOUND_VALUE;
import static org.contextvars.benchmarks.BoundKeys.THREAD_LOCAL_4;
import static org.contextvars.benchmarks.BoundKeys.VAR_4;

import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import org.contextvars.coroutines.ContextElements;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The coroutine context elements the coroutine benchmarks compare, built once per trial: ours,
 * {@code VAR_4.asContextElement(value)}, and kotlinx.coroutines' {@code
 * THREAD_LOCAL_4.asContextElement(value)}, each binding the fourth key of its kind (see {@link
 * BoundKeys}) to {@link #value}; plus no element at all. Elements are templates: every coroutine
 * started with one gets its own copy, as in applications that keep an element in a scope.
 *
 * <p>Used together with {@link BoundOnThread}, so the benchmark thread, on which {@code runBlocking}
 * runs its event loop, has four values of each kind bound, and a coroutine without an element reads
 * {@link BoundKeys#BOUND_VALUE}. {@link #check} runs the measured library's workloads before every
 * iteration and fails the run when kotlinx.coroutines' debug mode is on, when a workload does not
 * read the value its element binds, or when a coroutine leaves anything behind on the thread.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class CoroutineElements {

  /** What the elements bind: longer than {@link BoundKeys#BOUND_VALUE}, so a missing binding shows. */
  public String value = "in-coroutine";

  public CoroutineContext noElement = EmptyCoroutineContext.INSTANCE;
  public CoroutineContext contextElement = ContextElements.asContextElement(VAR_4, value);
  public CoroutineContext threadLocalElement = CoroutineWorkloads.threadLocalElement(THREAD_LOCAL_4, value);
  public CoroutineContext emptyCopyableElement = new EmptyCopyableElement();

  /** Parents for withContext: a coroutine that already carries its library's element. */
  public CoroutineContext contextParent = ContextElements.ContextElement();
  public CoroutineContext threadLocalParent = CoroutineWorkloads.threadLocalElement(THREAD_LOCAL_4, BOUND_VALUE);

  /**
   * Runs, twice, the workloads of the library about to be measured, and fails the run if one does
   * not read the value it should or leaves a value behind on the thread. Only that library's: the
   * JIT compiles kotlinx.coroutines' resume path (its search for the thread context element at
   * every suspension) for the element types the fork has seen, so running the other libraries'
   * workloads in the same fork would slow each variant by an amount that depends on the others
   * (see the benchmarks README), which JMH's one fork per benchmark is there to avoid.
   */
  @Setup(Level.Iteration)
  public void check(BenchmarkParams params) {
    CoroutineWorkloads.requireCoroutineDebugModeOff();
    String benchmark = params.getBenchmark();
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    String kind = benchmark.substring(0, benchmark.lastIndexOf('.'));
    if (kind.endsWith("CoroutineWithContextBenchmark")) {
      checkWithContext(method);
    } else if (method.startsWith("noElement")) {
      expectTwoReads(method, BOUND_VALUE, CoroutineWorkloads.resumeReadingVar(noElement, VAR_4, 2));
      expectTwoReads(method, BOUND_VALUE, CoroutineWorkloads.launchReadingVar(noElement, VAR_4, 2));
    } else if (method.startsWith("contextElement")) {
      expectTwoReads(method, value, CoroutineWorkloads.resumeReadingVar(contextElement, VAR_4, 2));
      expectTwoReads(method, value, CoroutineWorkloads.launchReadingVar(contextElement, VAR_4, 2));
    } else if (method.equals("emptyCopyableElement")) {
      expectTwoReads(method, BOUND_VALUE, CoroutineWorkloads.launchReadingVar(emptyCopyableElement, VAR_4, 2));
    } else if (method.startsWith("threadLocalElement")) {
      expectTwoReads(
          method, value, CoroutineWorkloads.resumeReadingThreadLocal(threadLocalElement, THREAD_LOCAL_4, 2));
      expectTwoReads(
          method, value, CoroutineWorkloads.launchReadingThreadLocal(threadLocalElement, THREAD_LOCAL_4, 2));
    } else {
      throw new IllegalStateException("no check for " + benchmark + ": add one to CoroutineElements");
    }
    if (!BOUND_VALUE.equals(VAR_4.get()) || !BOUND_VALUE.equals(THREAD_LOCAL_4.get())) {
      throw new IllegalStateException(
          "a coroutine left its value on the benchmark thread: VAR_4="
              + VAR_4.get()
              + ", THREAD_LOCAL_4="
              + THREAD_LOCAL_4.get());
    }
  }

  private void checkWithContext(String method) {
    switch (method) {
      case "contextVarElement":
        expectTwoReads(method, value, CoroutineWorkloads.withVarElement(contextParent, VAR_4, value, 2));
        break;
      case "withContextVars":
        expectTwoReads(method, value, CoroutineWorkloads.withContextVarsBinding(contextParent, VAR_4, value, 2));
        break;
      case "threadLocalElement":
        expectTwoReads(
            method,
            value,
            CoroutineWorkloads.withThreadLocalElement(threadLocalParent, THREAD_LOCAL_4, value, 2));
        break;
      case "emptyCopyableElement":
        expectTwoReads(method, BOUND_VALUE, CoroutineWorkloads.withEmptyCopyableElement(VAR_4, 2));
        break;
      default:
        throw new IllegalStateException("no check for withContext benchmark " + method);
    }
  }

  private static void expectTwoReads(String workload, String expected, int sumOfTwoReads) {
    if (sumOfTwoReads != 2 * expected.length()) {
      throw new IllegalStateException(
          workload + ": expected two reads of '" + expected + "', read lengths summing to " + sumOfTwoReads);
    }
  }
}
