package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.expected;
import static org.contextvars.agent.AgentMode.observed;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A plain {@code ScheduledThreadPoolExecutor}: delayed and periodic tasks. */
class ScheduledExecutorIT {

  private final Queue<Map<ContextVar<?>, Object>> leftOnWorkers = new ConcurrentLinkedQueue<>();

  private final ScheduledThreadPoolExecutor pool =
      new ScheduledThreadPoolExecutor(2) {
        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
          Map<ContextVar<?>, Object> left = Context.copyCurrent().toMap();
          if (!left.isEmpty()) {
            leftOnWorkers.add(left);
          }
        }
      };

  @BeforeAll
  static void modeIsReal() {
    AgentMode.assertModeIsReal();
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aDelayedTaskSeesTheValuesOfWhoScheduledIt() throws Exception {
    ScheduledFuture<String> seen;
    try (Token<String> token = REQUEST_ID.set("req-1")) {
      seen = pool.schedule(AgentMode::observed, 20, TimeUnit.MILLISECONDS);
    }
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(expected("req-1"));
  }

  @Test
  void everyRunOfAPeriodicTaskStartsFromTheScheduledSnapshot() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch runs = new CountDownLatch(5);
    ScheduledFuture<?> periodic;
    try (Token<String> token = REQUEST_ID.set("req-2")) {
      periodic =
          pool.scheduleAtFixedRate(
              () -> {
                seen.add(observed());
                REQUEST_ID.set("set-by-run");
                runs.countDown();
              },
              0,
              5,
              TimeUnit.MILLISECONDS);
    }
    assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
    periodic.cancel(false);
    // With the agent every run sees the snapshot; without it, later runs see the earlier set.
    if (AgentMode.ATTACHED) {
      assertThat(seen).containsOnly("req-2");
      assertThat(leftOnWorkers).isEmpty();
    } else {
      assertThat(seen).contains("set-by-run");
      assertThat(leftOnWorkers).isNotEmpty();
    }
  }

  @Test
  void executeAndSubmitGoThroughTheSameCapture() throws Exception {
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    CountDownLatch executed = new CountDownLatch(1);
    try (Token<String> token = REQUEST_ID.set("req-3")) {
      pool.execute(
          () -> {
            seen.add(observed());
            executed.countDown();
          });
      seen.add(pool.submit(AgentMode::observed).get(10, TimeUnit.SECONDS));
      ScheduledFuture<?> once =
          pool.scheduleWithFixedDelay(
              () -> {
                seen.add(observed());
                throw new IllegalStateException("stop after one run");
              },
              0,
              1,
              TimeUnit.MILLISECONDS);
      assertThatThrownBy(() -> once.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
    assertThat(executed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(3).containsOnly(expected("req-3"));
  }
}
