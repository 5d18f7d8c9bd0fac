package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.THREAD_LOCAL_4;
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
 * Binding a value for a block inside a coroutine: {@value #CALLS} times {@code
 * withContext(VAR.asContextElement(v)) { VAR.get() }} in one {@code runBlocking}, against the same
 * with kotlinx.coroutines' {@code threadLocal.asContextElement(v)} and with our {@code
 * withContextVars(VAR boundTo v)} idiom. The element is created at each call, as applications write
 * it, and the parent coroutine already carries its library's element. Divide a score by {@value
 * #CALLS} for the cost per call. Target: {@code VAR.asContextElement(v)} at most 1.2 times
 * kotlinx.coroutines' {@code ThreadLocal.asContextElement(v)}. {@code emptyCopyableElement} shows
 * what kotlinx.coroutines adds for any copyable element.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoroutineWithContextBenchmark {

  static final int CALLS = 100;

  @Benchmark
  public int contextVarElement(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.withVarElement(elements.contextParent, VAR_4, elements.value, CALLS);
  }

  @Benchmark
  public int withContextVars(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.withContextVarsBinding(elements.contextParent, VAR_4, elements.value, CALLS);
  }

  @Benchmark
  public int threadLocalElement(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.withThreadLocalElement(elements.threadLocalParent, THREAD_LOCAL_4, elements.value, CALLS);
  }

  /** The floor under any copyable element: see {@link EmptyCopyableElement}. Reads the thread's value. */
  @Benchmark
  public int emptyCopyableElement(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.withEmptyCopyableElement(VAR_4, CALLS);
  }
}
