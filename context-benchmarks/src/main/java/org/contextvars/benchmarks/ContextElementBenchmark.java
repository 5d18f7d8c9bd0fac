package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.THREAD_LOCAL_4;
import static org.contextvars.benchmarks.BoundKeys.VAR_4;

import java.util.concurrent.TimeUnit;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.CopyableThreadContextElement;
import kotlinx.coroutines.ThreadContextElement;
import org.contextvars.Context;
import org.contextvars.coroutines.ContextElement;
import org.contextvars.coroutines.ContextElements;
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
 * The coroutine elements alone, called the way kotlinx.coroutines calls them, without a coroutine
 * around them: what our element's own code costs at each resumption and suspension, and for each
 * new child. The coroutine benchmarks measure the same calls inside kotlinx.coroutines' dispatch,
 * whose cost (and noise) is many times larger; these separate the element's share from it.
 *
 * <ul>
 *   <li>{@code ...ResumeSuspend}: {@code updateThreadContext} then {@code restoreThreadContext}, for
 *       a coroutine's own element: ours, and kotlinx.coroutines' {@code
 *       ThreadLocal.asContextElement(v)}.
 *   <li>{@code contextElementCopyForChild}: what a coroutine that launches a child asks of its
 *       element, with its context current. kotlinx.coroutines' element has no counterpart: its
 *       children share it.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContextElementBenchmark {

  private static final CoroutineContext COROUTINE = EmptyCoroutineContext.INSTANCE;

  /** A coroutine's own elements, not installed. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Elements {
    public ContextElement contextElement =
        (ContextElement) ContextElements.asContextElement(VAR_4, "in-coroutine").copyForChild();

    @SuppressWarnings("unchecked")
    public ThreadContextElement<String> threadLocalElement =
        (ThreadContextElement<String>) CoroutineWorkloads.threadLocalElement(THREAD_LOCAL_4, "in-coroutine");
  }

  /** A coroutine's own element, installed on the benchmark thread as while the coroutine runs. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Running {
    public ContextElement element =
        (ContextElement) ContextElements.asContextElement(VAR_4, "in-coroutine").copyForChild();
    private Context previous = new Context();

    @Setup(Level.Iteration)
    public void resume() {
      previous = element.updateThreadContext(COROUTINE);
      if (!"in-coroutine".equals(VAR_4.get())) {
        throw new IllegalStateException("the element did not install its context");
      }
    }

    @TearDown(Level.Iteration)
    public void suspend() {
      element.restoreThreadContext(COROUTINE, previous);
      if (VAR_4.isBound()) {
        throw new IllegalStateException("the element left its context on the thread");
      }
    }
  }

  @Benchmark
  public Context contextElementResumeSuspend(Elements elements) {
    Context previous = elements.contextElement.updateThreadContext(COROUTINE);
    elements.contextElement.restoreThreadContext(COROUTINE, previous);
    return previous;
  }

  @Benchmark
  public String threadLocalElementResumeSuspend(Elements elements) {
    String previous = elements.threadLocalElement.updateThreadContext(COROUTINE);
    elements.threadLocalElement.restoreThreadContext(COROUTINE, previous);
    return previous;
  }

  @Benchmark
  public CopyableThreadContextElement<Context> contextElementCopyForChild(Running running) {
    return running.element.copyForChild();
  }
}
