package org.contextvars.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.micrometer.CleanThreads.ThreadState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Micrometer's own snapshot API, with the accessor found through {@code ServiceLoader}. */
class ContextSnapshotPropagationTest {

  private static final int POOL_SIZE = 4;
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  private final ExecutorService pool = Executors.newFixedThreadPool(POOL_SIZE);
  private final ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();

  @AfterEach
  void everyPoolThreadIsCleanAfterwards() throws Exception {
    try {
      assertThat(probeEveryThread()).hasSize(POOL_SIZE).allMatch(ThreadState::isClean);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Runs one probe on each pool thread: the barrier holds each thread until all have one. */
  private List<ThreadState> probeEveryThread() throws Exception {
    CyclicBarrier allThreads = new CyclicBarrier(POOL_SIZE);
    List<Future<ThreadState>> probes = new ArrayList<>();
    for (int i = 0; i < POOL_SIZE; i++) {
      probes.add(
          pool.submit(
              () -> {
                allThreads.await(10, TimeUnit.SECONDS);
                return CleanThreads.state();
              }));
    }
    List<ThreadState> states = new ArrayList<>();
    for (Future<ThreadState> probe : probes) {
      states.add(probe.get(10, TimeUnit.SECONDS));
    }
    assertThat(states).extracting(ThreadState::thread).doesNotHaveDuplicates();
    return states;
  }

  @Test
  void captureAllWrapRunsTheTaskInTheCapturedValuesOnAPlainExecutor() throws Exception {
    String[] seen = new String[1];
    Runnable task;
    try (Token<String> token = REQUEST_ID.set("req-1")) {
      task = ContextSnapshot.captureAll().wrap(() -> {
        seen[0] = REQUEST_ID.get();
      });
    }
    pool.submit(task).get(10, TimeUnit.SECONDS);
    assertThat(seen[0]).isEqualTo("req-1");
  }

  @Test
  void valuesSetAfterTheCaptureAreNotSeenByTheTask() throws Exception {
    try (Token<String> token = REQUEST_ID.set("captured")) {
      Callable<String> task = factory.captureAll().wrap(() -> REQUEST_ID.get());
      REQUEST_ID.set("later");
      assertThat(pool.submit(task).get(10, TimeUnit.SECONDS)).isEqualTo("captured");
    }
  }

  @Test
  void setsInAWrappedTaskStayInThatRun() throws Exception {
    Callable<String> task;
    try (Token<String> token = REQUEST_ID.set("captured")) {
      task =
          factory
              .captureAll()
              .wrap(
                  () -> {
                    String before = REQUEST_ID.get();
                    REQUEST_ID.set("changed by the task");
                    return before;
                  });
    }
    for (int run = 0; run < 3 * POOL_SIZE; run++) {
      assertThat(pool.submit(task).get(10, TimeUnit.SECONDS)).isEqualTo("captured");
    }
    assertThat(task.call()).isEqualTo("captured");
    assertThat(REQUEST_ID.isBound()).isFalse();
  }

  @Test
  void anEmptyCaptureWithClearMissingHidesAPoolThreadsOwnValuesAndPutsThemBack() throws Exception {
    ContextSnapshotFactory clearing = ContextSnapshotFactory.builder().clearMissing(true).build();
    Runnable task =
        clearing.captureAll().wrap(() -> {
          assertThat(REQUEST_ID.isBound()).isFalse();
        });
    Callable<String> leftOverAfterTask =
        () -> {
          // Unwrapped code that leaves a value on the pool thread, then the wrapped task.
          Token<String> leftOver = REQUEST_ID.set("left over");
          try {
            task.run();
            return REQUEST_ID.get();
          } finally {
            REQUEST_ID.reset(leftOver); // accepted only if the very same context was put back
          }
        };
    assertThat(pool.submit(leftOverAfterTask).get(10, TimeUnit.SECONDS)).isEqualTo("left over");
  }

  @Test
  void aContextExecutorServiceRunsEachTaskInItsSubmittersValues() throws Exception {
    ExecutorService propagating = ContextExecutorService.wrap(pool, factory::captureAll);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      try (Token<String> token = REQUEST_ID.set("req-" + i)) {
        results.add(propagating.submit(() -> REQUEST_ID.get()));
      }
    }
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("req-" + i);
    }
  }

  @Test
  void setThreadLocalsFromASnapshotCanBeNestedOnOneThread() {
    ContextSnapshot outer;
    ContextSnapshot inner;
    try (Token<String> token = REQUEST_ID.set("outer")) {
      outer = factory.captureAll();
    }
    try (Token<String> token = REQUEST_ID.set("inner")) {
      inner = factory.captureAll();
    }
    try (ContextSnapshot.Scope a = outer.setThreadLocals()) {
      try (ContextSnapshot.Scope b = inner.setThreadLocals()) {
        assertThat(REQUEST_ID.get()).isEqualTo("inner");
      }
      assertThat(REQUEST_ID.get()).isEqualTo("outer");
    }
    assertThat(REQUEST_ID.isBound()).isFalse();
  }

  @Test
  void manySubmittersEachSeeTheirOwnValuesOnSharedPooledThreads() throws Exception {
    int submitters = 8;
    int tasksEach = Boolean.getBoolean("contextvars.stress") ? 20_000 : 250;
    ExecutorService submitterPool = Executors.newFixedThreadPool(submitters);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> mismatches = new ArrayList<>();
      for (int s = 0; s < submitters; s++) {
        String submitter = "submitter-" + s;
        mismatches.add(
            submitterPool.submit(
                () -> {
                  start.await();
                  List<Future<String>> seen = new ArrayList<>();
                  List<String> expected = new ArrayList<>();
                  for (int t = 0; t < tasksEach; t++) {
                    String id = submitter + "/" + t;
                    try (Token<String> token = REQUEST_ID.set(id)) {
                      expected.add(id);
                      seen.add(
                          pool.submit(
                              factory
                                  .captureAll()
                                  .wrap(
                                      () -> {
                                        String value = REQUEST_ID.get();
                                        REQUEST_ID.set("noise from " + value);
                                        return value;
                                      })));
                    }
                  }
                  List<String> wrong = new ArrayList<>();
                  for (int t = 0; t < tasksEach; t++) {
                    String value = seen.get(t).get(30, TimeUnit.SECONDS);
                    if (!value.equals(expected.get(t))) {
                      wrong.add(expected.get(t) + " saw " + value);
                    }
                  }
                  wrong.add(
                      Context.copyCurrent().isEmpty() ? "" : "submitter not clean");
                  wrong.remove("");
                  return wrong;
                }));
      }
      start.countDown();
      for (Future<List<String>> result : mismatches) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEmpty();
      }
    } finally {
      submitterPool.shutdownNow();
    }
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }
}
