package org.contextvars.benchmarks;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JMH's worker pool for {@link ScopedValueBenchmark}: each worker thread runs its whole life inside
 * a binding of the four {@link ScopedValueBenchmark} values.
 *
 * <p>A {@link ScopedValue} is bound only for the extent of a {@code run} or {@code call}, and JMH
 * gives a benchmark no way to wrap its measurement loop. Binding around the worker's run loop is
 * the only way to measure {@code ScopedValue.get()} the way application code meets it: bound
 * somewhere far up the stack. JMH loads this class by name ({@code -Djmh.executor=CUSTOM
 * -Djmh.executor.class=...}) and calls the {@code (int, String)} constructor.
 */
public final class ScopedValueWorkers extends ThreadPoolExecutor {

  public ScopedValueWorkers(int threads, String prefix) {
    super(
        threads,
        threads,
        1,
        TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(),
        new java.util.concurrent.ThreadFactory() {
          private final AtomicInteger count = new AtomicInteger();

          @Override
          public Thread newThread(Runnable worker) {
            Thread thread =
                new Thread(
                    () -> ScopedValueBenchmark.FOUR_BOUND.run(worker),
                    prefix + "-scoped-value-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          }
        });
  }
}
