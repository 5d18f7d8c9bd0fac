package org.contextvars.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;

/** Looks at the context that each thread of a fixed-size pool is left with. */
public final class PoolThreads {

  private PoolThreads() {}

  /**
   * A copy of the current context of every thread in {@code pool}. Pass the pool itself, not a
   * {@code ContextExecutors} wrapper: a wrapper would run the probes in the submitter's context.
   * Each probe waits at a barrier until all have started, so each of the {@code threads} threads
   * runs exactly one.
   */
  public static List<Context> contexts(ExecutorService pool, int threads) throws Exception {
    CyclicBarrier allStarted = new CyclicBarrier(threads);
    List<Future<Context>> probes = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      probes.add(
          pool.submit(
              () -> {
                allStarted.await(1, TimeUnit.MINUTES);
                return Context.copyCurrent();
              }));
    }
    List<Context> contexts = new ArrayList<>();
    for (Future<Context> probe : probes) {
      contexts.add(probe.get(1, TimeUnit.MINUTES));
    }
    return contexts;
  }
}
