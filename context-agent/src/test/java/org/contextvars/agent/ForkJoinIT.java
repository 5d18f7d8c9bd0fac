package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.expected;
import static org.contextvars.agent.AgentMode.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.testing.PoolProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain {@code ForkJoinPool}s, the common pool, {@code fork()} inside tasks, parallel streams. */
class ForkJoinIT {

  /** Records, as each worker ends, what it holds outside any task. */
  private final Queue<Map<ContextVar<?>, Object>> leftOnWorkers = new ConcurrentLinkedQueue<>();

  private final ForkJoinPool pool =
      new ForkJoinPool(
          4,
          p ->
              new ForkJoinWorkerThread(p) {
                @Override
                protected void onTermination(Throwable exception) {
                  Map<ContextVar<?>, Object> left = Context.copyCurrent().toMap();
                  if (!left.isEmpty()) {
                    leftOnWorkers.add(left);
                  }
                }
              },
          null,
          false);

  @BeforeAll
  static void modeIsReal() {
    AgentMode.assertModeIsReal();
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Splits down to single leaves; each leaf reports what it saw, and may set a value. */
  static final class Leaves extends RecursiveTask<List<String>> {
    private final int from;
    private final int to;
    private final boolean dirty;

    Leaves(int from, int to, boolean dirty) {
      this.from = from;
      this.to = to;
      this.dirty = dirty;
    }

    @Override
    protected List<String> compute() {
      if (to - from == 1) {
        String seen = observed();
        if (dirty) {
          REQUEST_ID.set("set-by-leaf");
        }
        return List.of(seen);
      }
      int mid = (from + to) >>> 1;
      Leaves left = new Leaves(from, mid, dirty);
      left.fork();
      List<String> right = new Leaves(mid, to, dirty).compute();
      List<String> all = new ArrayList<>(left.join());
      all.addAll(right);
      return all;
    }
  }

  /** Reports what its thread holds while it runs: its bindings and the frames open around it. */
  static final class HeldWhileRunning extends RecursiveTask<String> {
    @Override
    protected String compute() {
      return PoolProbe.leftoversOnThisThread();
    }
  }

  @Test
  void aTaskWrappedByContextExecutorsRunsInItsOwnContextOnly() throws Exception {
    try (Token<String> token = REQUEST_ID.set("req-14")) {
      ForkJoinTask<String> wrapped = ContextExecutors.wrap(new HeldWhileRunning());
      // Entered a second time, the forker's snapshot would be a second open frame.
      assertThat(pool.submit(wrapped).get(10, TimeUnit.SECONDS))
          .contains("req-14")
          .endsWith(", 1 open frame(s)");
      assertThat(pool.invoke(ContextExecutors.wrap(new HeldWhileRunning())))
          .contains("req-14")
          .endsWith(", 1 open frame(s)");
    }
  }

  @Test
  void theCommonPoolRunsSubmittedTasksInTheSubmittersContext() throws Exception {
    try (Token<String> token = REQUEST_ID.set("req-1")) {
      assertThat(ForkJoinPool.commonPool().submit(AgentMode::observed).get(10, TimeUnit.SECONDS))
          .isEqualTo(expected("req-1"));
    }
  }

  @Test
  void forkedSubtasksSeeTheForkersValueWhicheverWorkerStealsThem() throws Exception {
    try (Token<String> token = REQUEST_ID.set("req-2")) {
      List<String> seen = pool.invoke(new Leaves(0, 256, false));
      assertThat(seen).hasSize(256).containsOnly(expected("req-2"));
    }
  }

  @Test
  void concurrentSubmittersEachSeeTheirOwnValueInEveryLeaf() throws Exception {
    ExecutorService submitters = Executors.newFixedThreadPool(6);
    try {
      List<Future<List<String>>> wrong = new ArrayList<>();
      for (int s = 0; s < 6; s++) {
        String value = "req-" + s;
        wrong.add(
            submitters.submit(
                () -> {
                  try (Token<String> token = REQUEST_ID.set(value)) {
                    List<String> bad = new ArrayList<>();
                    for (int round = 0; round < 10; round++) {
                      for (String seen : pool.submit(new Leaves(0, 64, false)).get(10, TimeUnit.SECONDS)) {
                        if (!seen.equals(expected(value))) {
                          bad.add(seen);
                        }
                      }
                    }
                    return bad;
                  }
                }));
      }
      for (Future<List<String>> bad : wrong) {
        assertThat(bad.get(60, TimeUnit.SECONDS)).isEmpty();
      }
    } finally {
      submitters.shutdownNow();
    }
  }

  @Test
  void leavesThatSetValuesLeaveNothingOnTheWorkers() throws Exception {
    try (Token<String> token = REQUEST_ID.set("req-3")) {
      pool.invoke(new Leaves(0, 64, true));
      assertThat(observed()).isEqualTo("req-3");
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    // Without the agent, leaves that ran on workers left their value there.
    assertThat(leftOnWorkers.isEmpty()).isEqualTo(AgentMode.ATTACHED);
  }

  @Test
  void parallelStreamElementsSeeTheCallersValue() {
    try (Token<String> token = REQUEST_ID.set("req-4")) {
      List<String> seen =
          IntStream.range(0, 2_000)
              .parallel()
              .mapToObj(i -> observed())
              .collect(Collectors.toList());
      // Elements the caller runs itself see its value either way; without the agent, the ones
      // that common-pool workers run do not (unless the common pool has no workers at all).
      if (AgentMode.ATTACHED) {
        assertThat(seen).containsOnly("req-4");
      } else if (ForkJoinPool.getCommonPoolParallelism() > 1) {
        assertThat(seen).contains(AgentMode.ABSENT);
      }
    }
  }

  @Test
  void executeAndSubmitOfRunnablesRunInTheSubmittersContext() throws Exception {
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    try (Token<String> token = REQUEST_ID.set("req-5")) {
      pool.execute(() -> seen.add(observed()));
      pool.submit(() -> seen.add(observed())).get(10, TimeUnit.SECONDS);
    }
    assertThat(pool.awaitQuiescence(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsOnly(expected("req-5")).hasSize(2);
  }
}
