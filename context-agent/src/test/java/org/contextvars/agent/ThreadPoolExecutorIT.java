package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.agent.AgentMode.ABSENT;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.expected;
import static org.contextvars.agent.AgentMode.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.ContextExecutors;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A plain {@code ThreadPoolExecutor}, no wrapper: tasks see their submitter's values. */
class ThreadPoolExecutorIT {

  private final ProbedThreadPool pool = new ProbedThreadPool(4);

  @BeforeAll
  static void modeIsReal() {
    AgentMode.assertModeIsReal();
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutDownAndWait();
  }

  @Test
  void aFixedThreadPoolFromExecutorsRunsTasksInTheSubmittersContext() throws Exception {
    ExecutorService fixed = Executors.newFixedThreadPool(4);
    try (Token<String> token = REQUEST_ID.set("req-7")) {
      assertThat(fixed.submit(AgentMode::observed).get(10, TimeUnit.SECONDS))
          .isEqualTo(expected("req-7"));
    } finally {
      fixed.shutdownNow();
    }
  }

  @Test
  void everyTaskSeesItsOwnSubmittersValueUnderLoad() throws Exception {
    int submitters = 8;
    int tasksEach = 250;
    ExecutorService submitting = Executors.newFixedThreadPool(submitters);
    try {
      List<Future<List<String>>> mismatches = new ArrayList<>();
      for (int s = 0; s < submitters; s++) {
        String value = "req-" + s;
        mismatches.add(
            submitting.submit(
                () -> {
                  try (Token<String> token = REQUEST_ID.set(value)) {
                    List<Future<String>> seen = new ArrayList<>();
                    for (int i = 0; i < tasksEach; i++) {
                      seen.add(pool.submit(AgentMode::observed));
                    }
                    List<String> wrong = new ArrayList<>();
                    for (Future<String> f : seen) {
                      String got = f.get(10, TimeUnit.SECONDS);
                      if (!got.equals(expected(value))) {
                        wrong.add(got);
                      }
                    }
                    return wrong;
                  }
                }));
      }
      for (Future<List<String>> wrong : mismatches) {
        assertThat(wrong.get(30, TimeUnit.SECONDS)).as("tasks that saw another value").isEmpty();
      }
    } finally {
      submitting.shutdownNow();
    }
    assertThat(pool.leftOnWorkers).as("values left on pool threads").isEmpty();
  }

  @Test
  void executeRunsTheRunnableInTheSubmittersContext() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try (Token<String> token = REQUEST_ID.set("req-8")) {
      pool.execute(
          () -> {
            seen.set(observed());
            done.countDown();
          });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get()).isEqualTo(expected("req-8"));
  }

  @Test
  void invokeAllRunsEveryTaskInTheSubmittersContext() throws Exception {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tasks.add(AgentMode::observed);
    }
    try (Token<String> token = REQUEST_ID.set("req-9")) {
      for (Future<String> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isEqualTo(expected("req-9"));
      }
    }
  }

  @Test
  void whatATaskSetsStaysInTheTaskAndNeverOnTheWorker() throws Exception {
    try (Token<String> token = REQUEST_ID.set("req-10")) {
      for (int i = 0; i < 20; i++) {
        pool.submit(() -> REQUEST_ID.set("set-by-task")).get(10, TimeUnit.SECONDS);
      }
      assertThat(observed()).isEqualTo("req-10");
    }
    // Without the agent the task's set lands in the worker's own context and stays there.
    assertThat(pool.leftOnWorkers.isEmpty()).as("workers clean").isEqualTo(AgentMode.ATTACHED);
    // And a later task from an empty context sees nothing either way.
    assertThat(pool.submit(AgentMode::observed).get(10, TimeUnit.SECONDS))
        .isEqualTo(AgentMode.ATTACHED ? ABSENT : "set-by-task");
  }

  @Test
  void afterExecuteStillSeesTheFutureThatSubmitMade() throws Exception {
    Future<?> future = pool.submit(() -> {});
    future.get(10, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    // The very future submit returned: the task inside it was bound before it was made.
    assertThat(pool.seenByAfterExecute).containsExactly((Runnable) future);
  }

  @Test
  void afterExecuteSeesAFutureAlsoForAFutureTaskPassedToExecute() throws Exception {
    java.util.concurrent.FutureTask<String> task = new java.util.concurrent.FutureTask<>(AgentMode::observed);
    try (Token<String> token = REQUEST_ID.set("req-12")) {
      pool.execute(task);
    }
    assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo(expected("req-12"));
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    Runnable seen = pool.seenByAfterExecute.peek();
    assertThat(seen).isInstanceOf(Future.class);
    assertThat(((Future<?>) seen).isDone()).isTrue();
  }

  @Test
  void aTaskSubmittedThroughContextExecutorsIsCapturedOnce() throws Exception {
    ExecutorService wrapped = ContextExecutors.wrap((ExecutorService) pool);
    Future<String> future;
    try (Token<String> token = REQUEST_ID.set("req-13")) {
      future = wrapped.submit(AgentMode::observed);
      assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("req-13");
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    // Captured a second time, the pool would have been handed a wrapper around this future.
    assertThat(pool.seenByAfterExecute).containsExactly((Runnable) future);
  }

  @Test
  void aTaskWrappedByContextExecutorsReachesThePoolUnchanged() throws Exception {
    AtomicReference<Runnable> handedToPool = new AtomicReference<>();
    ProbedThreadPool recording =
        new ProbedThreadPool(1) {
          @Override
          public void execute(Runnable command) {
            handedToPool.set(command);
            super.execute(command);
          }
        };
    try (Token<String> token = REQUEST_ID.set("req-11")) {
      CompletableFuture<String> seen = new CompletableFuture<>();
      ContextExecutors.wrap((java.util.concurrent.Executor) recording)
          .execute(() -> seen.complete(observed()));
      // The core's wrapper carries the value with or without the agent.
      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("req-11");
    } finally {
      recording.shutDownAndWait();
    }
    assertThat(recording.seenByAfterExecute).containsExactly(handedToPool.get());
  }
}
