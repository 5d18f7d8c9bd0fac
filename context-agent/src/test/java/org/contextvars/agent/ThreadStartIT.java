package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.agent.AgentMode.ABSENT;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.expected;
import static org.contextvars.agent.AgentMode.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.Token;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code new Thread(...).start()}: the new thread starts in a copy of its starter's context. */
class ThreadStartIT {

  @BeforeAll
  static void modeIsReal() {
    AgentMode.assertModeIsReal();
  }

  @Test
  void aStartedThreadSeesTheValuesOfTheThreadThatStartedIt() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread thread = new Thread(() -> seen.set(observed()));
    try (Token<String> token = REQUEST_ID.set("req-1")) {
      thread.start();
    }
    thread.join(10_000);
    assertThat(seen.get()).isEqualTo(expected("req-1"));
  }

  @Test
  void aThreadSubclassThatOverridesRunInheritsToo() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread thread =
        new Thread() {
          @Override
          public void run() {
            seen.set(observed());
          }
        };
    try (Token<String> token = REQUEST_ID.set("req-2")) {
      thread.start();
    }
    thread.join(10_000);
    assertThat(seen.get()).isEqualTo(expected("req-2"));
  }

  @Test
  void theChildGetsACopySoNeitherSideSeesTheOthersLaterSets() throws Exception {
    CountDownLatch childSet = new CountDownLatch(1);
    CountDownLatch parentSet = new CountDownLatch(1);
    AtomicReference<String> childSawAfterParentSet = new AtomicReference<>();
    try (Token<String> token = REQUEST_ID.set("before")) {
      Thread child =
          new Thread(
              () -> {
                REQUEST_ID.set("child");
                childSet.countDown();
                try {
                  parentSet.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                childSawAfterParentSet.set(observed());
              });
      child.start();
      assertThat(childSet.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(observed()).isEqualTo("before");
      try (Token<String> later = REQUEST_ID.set("parent-later")) {
        parentSet.countDown();
        child.join(10_000);
      }
    }
    assertThat(childSawAfterParentSet.get()).isEqualTo("child");
  }

  @Test
  void manyThreadsStartedConcurrentlyEachSeeTheirOwnStartersValue() throws Exception {
    List<Thread> starters = new ArrayList<>();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int s = 0; s < 16; s++) {
      String value = "starter-" + s;
      starters.add(
          new Thread(
              () -> {
                try (Token<String> token = REQUEST_ID.set(value)) {
                  List<Thread> children = new ArrayList<>();
                  for (int c = 0; c < 20; c++) {
                    Thread child =
                        new Thread(
                            () -> {
                              if (!observed().equals(expected(value))) {
                                wrong.add(observed());
                              }
                            });
                    child.start();
                    children.add(child);
                  }
                  for (Thread child : children) {
                    child.join(10_000);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    // The starters themselves start outside any context: they see nothing.
    starters.forEach(Thread::start);
    for (Thread starter : starters) {
      starter.join(30_000);
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void poolWorkersCreatedInsideAContextDoNotKeepIt() throws Exception {
    ProbedThreadPool pool = new ProbedThreadPool(2);
    try {
      try (Token<String> token = REQUEST_ID.set("req-3")) {
        // The first submissions create the workers, from this thread, inside this context.
        pool.submit(() -> {}).get(10, TimeUnit.SECONDS);
        pool.submit(() -> {}).get(10, TimeUnit.SECONDS);
      }
      assertThat(pool.leftOnWorkers).as("contexts of pool workers").isEmpty();
    } finally {
      pool.shutDownAndWait();
    }
  }

  @Test
  void aThreadStartedOutsideAnyContextStartsEmpty() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread thread = new Thread(() -> seen.set(observed()));
    thread.start();
    thread.join(10_000);
    assertThat(seen.get()).isEqualTo(ABSENT);
  }
}
