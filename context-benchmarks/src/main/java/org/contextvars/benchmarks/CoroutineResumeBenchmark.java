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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A coroutine under {@code runBlocking} that suspends and resumes {@code resumes} times with {@code
 * yield()}, each a real dispatch through runBlocking's event loop followed by a resume that
 * installs the coroutine's thread context elements, and reads a variable after each resume. Run
 * with our {@code VAR.asContextElement(v)}, with kotlinx.coroutines' {@code
 * ThreadLocal.asContextElement(v)}, and with no element (reading the value bound on the thread).
 *
 * <p>Targets, at 100 resumes: ours at most as costly as kotlinx.coroutines' element; and no bytes per
 * resume beyond what the loop without an element allocates. {@code resumes = 0} is {@code
 * runBlocking} and the element's per-coroutine copy alone; subtracting it leaves the resumes:
 * (B/op at 100 - B/op at 0) / 100 is what one resume allocates. The {@code ...NoRead} variants
 * resume 100 times without reading anything, which separates the element's install and restore
 * from the read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoroutineResumeBenchmark {

  /** How many times the coroutine suspends and resumes per operation. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Loop {
    @Param({"0", "100"})
    public int resumes;
  }

  @Benchmark
  public int noElement(BoundOnThread bound, CoroutineElements elements, Loop loop) {
    return CoroutineWorkloads.resumeReadingVar(elements.noElement, VAR_4, loop.resumes);
  }

  @Benchmark
  public int contextElement(BoundOnThread bound, CoroutineElements elements, Loop loop) {
    return CoroutineWorkloads.resumeReadingVar(elements.contextElement, VAR_4, loop.resumes);
  }

  @Benchmark
  public int threadLocalElement(BoundOnThread bound, CoroutineElements elements, Loop loop) {
    return CoroutineWorkloads.resumeReadingThreadLocal(elements.threadLocalElement, THREAD_LOCAL_4, loop.resumes);
  }

  // Without the read, at 100 resumes only: what installing and restoring the element costs.

  @Benchmark
  public int noElementNoRead(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.resumeOnly(elements.noElement, 100);
  }

  @Benchmark
  public int contextElementNoRead(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.resumeOnly(elements.contextElement, 100);
  }

  @Benchmark
  public int threadLocalElementNoRead(BoundOnThread bound, CoroutineElements elements) {
    return CoroutineWorkloads.resumeOnly(elements.threadLocalElement, 100);
  }
}
