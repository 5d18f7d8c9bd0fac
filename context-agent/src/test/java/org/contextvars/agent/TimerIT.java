package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.agent.AgentMode.ABSENT;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.expected;
import static org.contextvars.agent.AgentMode.observed;

import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code java.util.Timer}: one-shot and periodic timer tasks. */
class TimerIT {

  private final Timer timer = new Timer("timer-it", true);

  @BeforeAll
  static void modeIsReal() {
    AgentMode.assertModeIsReal();
  }

  @AfterEach
  void cancel() {
    timer.cancel();
  }

  private static TimerTask task(Runnable body) {
    return new TimerTask() {
      @Override
      public void run() {
        body.run();
      }
    };
  }

  @Test
  void aTimerTaskSeesTheValuesOfWhoScheduledIt() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    try (Token<String> token = REQUEST_ID.set("req-1")) {
      timer.schedule(task(() -> seen.complete(observed())), 10);
    }
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(expected("req-1"));
  }

  @Test
  void periodicRunsEachStartFromTheSnapshotAndLeaveTheTimerThreadClean() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch runs = new CountDownLatch(4);
    TimerTask periodic =
        task(
            () -> {
              seen.add(observed());
              REQUEST_ID.set("set-by-run");
              runs.countDown();
            });
    try (Token<String> token = REQUEST_ID.set("req-2")) {
      timer.scheduleAtFixedRate(periodic, 0, 5);
    }
    assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
    periodic.cancel();
    // A task scheduled from no context at all reads what the timer thread holds.
    CompletableFuture<String> probe = new CompletableFuture<>();
    timer.schedule(task(() -> probe.complete(observed())), 0);
    if (AgentMode.ATTACHED) {
      assertThat(seen).containsOnly("req-2");
      assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo(ABSENT);
    } else {
      assertThat(seen).contains("set-by-run");
      assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo("set-by-run");
    }
  }
}
