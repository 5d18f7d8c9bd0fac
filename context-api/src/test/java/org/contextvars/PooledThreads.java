package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Checks what a pool's threads hold outside any task. */
final class PooledThreads {

  private PooledThreads() {}

  /**
   * Asserts that each of the {@code size} threads of {@code pool} has an empty current context.
   * Submit to the raw pool, not to a wrapper, so the probes see the threads' own contexts. The
   * barrier makes every probe run on a different thread.
   */
  static void assertAllEmpty(ExecutorService pool, int size) throws Exception {
    CyclicBarrier all = new CyclicBarrier(size);
    List<Callable<Map<ContextVar<?>, Object>>> probes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      probes.add(() -> {
        all.await(10, TimeUnit.SECONDS);
        return Context.copyCurrent().toMap();
      });
    }
    for (Future<Map<ContextVar<?>, Object>> probe : pool.invokeAll(probes)) {
      assertThat(probe.get(10, TimeUnit.SECONDS)).as("context of a pool thread").isEmpty();
    }
  }

  static void shutDown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("pool terminated").isTrue();
  }
}
