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
 * Launching coroutines that carry a context: {@code runBlocking(element)} launches {@value #CHILDREN}
 * children, each of which reads the variable once, and returns when all completed. Divide a score by
 * {@value #CHILDREN} for the cost per child. With our element each child starts in its own copy of
 * the parent's context ({@code copyForChild}); kotlinx.coroutines' {@code
 * ThreadLocal.asContextElement} is shared by the children as it is. Target: ours at most 1.15
 * times kotlinx.coroutines' element, though each child gets its own context. {@code
 * emptyCopyableElement} shows what kotlinx.coroutines adds for any copyable element.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoroutineLaunchBenchmark {

  static final int CHILDREN = 100;

  @Benchmark
  public int noElement(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.launchReadingVar(elements.noElement, VAR_4, CHILDREN);
  }

  @Benchmark
  public int contextElement(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.launchReadingVar(elements.contextElement, VAR_4, CHILDREN);
  }

  @Benchmark
  public int threadLocalElement(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.launchReadingThreadLocal(elements.threadLocalElement, THREAD_LOCAL_4, CHILDREN);
  }

  /** The floor under any copyable element: see {@link EmptyCopyableElement}. Reads the thread's value. */
  @Benchmark
  public int emptyCopyableElement(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.launchReadingVar(elements.emptyCopyableElement, VAR_4, CHILDREN);
  }
}
