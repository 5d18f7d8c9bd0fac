package org.contextvars.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;

/** Checks what a pool's threads hold outside any task. */
final class PooledThreads {

  private PooledThreads() {}

  /**
   * Asserts that each of the {@code size} threads of {@code pool} has an empty current context and
   * no OpenTelemetry baggage. The barrier makes every probe run on a different thread.
   */
  static void assertAllClean(ExecutorService pool, int size) throws Exception {
    CyclicBarrier all = new CyclicBarrier(size);
    List<Callable<String>> probes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      probes.add(() -> {
        all.await(10, TimeUnit.SECONDS);
        return Context.copyCurrent().toMap() + " " + Baggage.current().asMap();
      });
    }
    for (Future<String> probe : pool.invokeAll(probes)) {
      assertThat(probe.get(10, TimeUnit.SECONDS)).as("context and baggage of a pool thread").isEqualTo("{} {}");
    }
  }

  static void shutDown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("pool terminated").isTrue();
  }
}
