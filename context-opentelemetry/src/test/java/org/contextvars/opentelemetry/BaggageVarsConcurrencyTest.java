package org.contextvars.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;
import org.contextvars.testing.Stress;

/**
 * Many threads inject and extract at once, each with its own values; the pools' threads are reused
 * and must hold nothing afterwards.
 */
class BaggageVarsConcurrencyTest {

  private static final int THREADS = 8;
  private static final int TASKS = Stress.pick(4_000, 50_000);

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final ContextVar<String> REQUEST = ContextVar.of("request");
  private static final ContextVar<Integer> ATTEMPT = ContextVar.of("attempt");
  private static final BaggageVars BAGGAGE =
      BaggageVars.builder()
          .add(TENANT, "tenant")
          .add(REQUEST, "request")
          .add(ATTEMPT, "attempt", String::valueOf, Integer::valueOf)
          .build();

  private final ExecutorService senders = Executors.newFixedThreadPool(THREADS);
  private final ExecutorService receivers = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutDown() throws InterruptedException {
    PoolProbe.shutDown(senders);
    PoolProbe.shutDown(receivers);
  }

  @Test
  void eachTaskReceivesExactlyWhatItSent() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<String>> received = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int n = i;
      received.add(
          CompletableFuture.supplyAsync(() -> send(start, n), senders)
              .thenApplyAsync(BaggageVarsConcurrencyTest::receive, receivers));
    }
    start.countDown();

    for (int i = 0; i < TASKS; i++) {
      assertThat(received.get(i).get(30, TimeUnit.SECONDS))
          .isEqualTo("tenant-" + i % 7 + " ü,; | req-" + i + " | " + i + " | session-" + i);
    }
    PoolProbe.assertEveryThreadClean(senders, THREADS);
    PoolProbe.assertEveryThreadClean(receivers, THREADS);
  }

  /** Binds this task's values (and OpenTelemetry baggage) in a fresh context and injects them. */
  private static Map<String, String> send(CountDownLatch start, int n) {
    awaitUninterruptibly(start);
    Map<String, String> headers = new HashMap<>();
    new Context().run(() -> {
      TENANT.set("tenant-" + n % 7 + " ü,;");
      REQUEST.set("req-" + n);
      ATTEMPT.set(n);
      try (Scope s = Baggage.builder().put("session", "session-" + n).build().makeCurrent()) {
        BAGGAGE.inject(headers, MapCarrier.SETTER);
      }
    });
    return headers;
  }

  private static String receive(Map<String, String> headers) {
    try {
      return BAGGAGE.extractAndCall(headers, MapCarrier.GETTER, () ->
          TENANT.get() + " | " + REQUEST.get() + " | " + ATTEMPT.get() + " | "
              + Baggage.fromContext(io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator
                  .getInstance()
                  .extract(io.opentelemetry.context.Context.root(), headers, MapCarrier.GETTER))
                  .getEntryValue("session"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
