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

/**
 * The coroutine context elements the coroutine benchmarks compare, built once per trial: ours,
 * {@code VAR_4.asContextElement(value)}, and kotlinx.coroutines' {@code
 * THREAD_LOCAL_4.asContextElement(value)}, each binding the fourth key of its kind (see {@link
 * BoundKeys}) to {@link #value}; plus no element at all. Elements are templates: every coroutine
 * started with one gets its own copy, as in applications that keep an element in a scope.
 *
 * <p>Used together with {@link BoundOnThread}, so the benchmark thread, on which {@code runBlocking}
 * runs its event loop, has four values of each kind bound, and a coroutine without an element reads
 * {@link BoundKeys#BOUND_VALUE}. {@link #check()} runs every workload once before every iteration and fails
 * the run when kotlinx.coroutines' debug mode is on, when a workload does not read the value its
 * element binds, or when a coroutine leaves anything behind on the thread.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class CoroutineElements {

  /** What the elements bind: longer than {@link BoundKeys#BOUND_VALUE}, so a missing binding shows. */
  public String value = "in-coroutine";

  public CoroutineContext noElement = EmptyCoroutineContext.INSTANCE;
  public CoroutineContext contextElement = ContextElements.asContextElement(VAR_4, value);
  public CoroutineContext threadLocalElement = CoroutineWorkloads.threadLocalElement(THREAD_LOCAL_4, value);

  /** Parents for withContext: a coroutine that already carries its library's element. */
  public CoroutineContext contextParent = ContextElements.ContextElement();
  public CoroutineContext threadLocalParent = CoroutineWorkloads.threadLocalElement(THREAD_LOCAL_4, BOUND_VALUE);

  @Setup(Level.Iteration)
  public void check() {
    CoroutineWorkloads.requireCoroutineDebugModeOff();
    expectTwoReads("resume, no element", BOUND_VALUE, CoroutineWorkloads.resumeReadingVar(noElement, VAR_4, 2));
    expectTwoReads("resume, ContextElement", value, CoroutineWorkloads.resumeReadingVar(contextElement, VAR_4, 2));
    expectTwoReads(
        "resume, ThreadLocal.asContextElement",
        value,
        CoroutineWorkloads.resumeReadingThreadLocal(threadLocalElement, THREAD_LOCAL_4, 2));
    expectTwoReads("launch, no element", BOUND_VALUE, CoroutineWorkloads.launchReadingVar(noElement, VAR_4, 2));
    expectTwoReads("launch, ContextElement", value, CoroutineWorkloads.launchReadingVar(contextElement, VAR_4, 2));
    expectTwoReads(
        "launch, ThreadLocal.asContextElement",
        value,
        CoroutineWorkloads.launchReadingThreadLocal(threadLocalElement, THREAD_LOCAL_4, 2));
    expectTwoReads(
        "withContext(VAR.asContextElement)", value, CoroutineWorkloads.withVarElement(contextParent, VAR_4, value, 2));
    expectTwoReads(
        "withContextVars", value, CoroutineWorkloads.withContextVarsBinding(contextParent, VAR_4, value, 2));
    expectTwoReads(
        "withContext(ThreadLocal.asContextElement)",
        value,
        CoroutineWorkloads.withThreadLocalElement(threadLocalParent, THREAD_LOCAL_4, value, 2));
    if (!BOUND_VALUE.equals(VAR_4.get()) || !BOUND_VALUE.equals(THREAD_LOCAL_4.get())) {
      throw new IllegalStateException(
          "a coroutine left its value on the benchmark thread: VAR_4="
              + VAR_4.get()
              + ", THREAD_LOCAL_4="
              + THREAD_LOCAL_4.get());
    }
  }

  private static void expectTwoReads(String workload, String expected, int sumOfTwoReads) {
    if (sumOfTwoReads != 2 * expected.length()) {
      throw new IllegalStateException(
          workload + ": expected two reads of '" + expected + "', read lengths summing to " + sumOfTwoReads);
    }
  }
}
