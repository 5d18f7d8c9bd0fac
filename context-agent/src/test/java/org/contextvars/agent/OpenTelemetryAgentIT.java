package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.observed;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.Token;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs only in the JVM that has OpenTelemetry's Java agent attached beside this one (see the
 * failsafe execution {@code beside-opentelemetry-agent}); the scenario classes run there too.
 */
class OpenTelemetryAgentIT {

  @BeforeAll
  static void bothAgentsAreAttached() throws Exception {
    AgentMode.assertModeIsReal();
    assertThat(AgentMode.ATTACHED).isTrue();
    // OpenTelemetry's agent puts its bootstrap classes where the JDK's classes can see them.
    Class.forName("io.opentelemetry.javaagent.bootstrap.AgentInitializer", false, null);
  }

  @Test
  void executorsFuturesAndThreadsStillCarryTheContext() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Token<String> token = REQUEST_ID.set("req-otel")) {
      assertThat(pool.submit(AgentMode::observed).get(10, TimeUnit.SECONDS)).isEqualTo("req-otel");
      CompletableFuture<String> source = new CompletableFuture<>();
      CompletableFuture<String> dependent = source.thenApply(x -> observed());
      pool.submit(() -> source.complete("x"));
      assertThat(dependent.get(10, TimeUnit.SECONDS)).isEqualTo("req-otel");
      AtomicReference<String> seen = new AtomicReference<>();
      Thread thread = new Thread(() -> seen.set(observed()));
      thread.start();
      thread.join(10_000);
      assertThat(seen.get()).isEqualTo("req-otel");
    } finally {
      pool.shutdownNow();
    }
  }
}
