package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;

/** Fork/join pools and tasks through {@link ContextExecutors}, and the parallel-stream pattern. */
class ForkJoinPropagationTest {

  private static final int SCALE = Boolean.getBoolean("contextvars.stress") ? 20 : 1;
  private static final int PARALLELISM = 4;

  private static final ContextVar<String> USER = ContextVar.of("user");

  private final ForkJoinPool pool = new ForkJoinPool(PARALLELISM);

  @AfterEach
  void workersAreCleanAndThePoolStops() throws Exception {
    try {
      assertEveryWorkerIsEmpty();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** One probe per worker: each reports what a different worker holds between tasks. */
  private void assertEveryWorkerIsEmpty() throws Exception {
    PoolProbe.assertEveryThreadClean(pool, PARALLELISM);
  }

  /** Reads the user, then sets a value that must not escape the task. */
  private static final class ReadUser extends RecursiveTask<String> {
    @Override
    protected String compute() {
      String user = USER.orElse("<unbound>");
      USER.set("set by the task");
      return user;
    }
  }

  @Test
  void invokeSubmitAndExecuteRunTheTaskInTheWrappersContext() throws Exception {
    try (Token<String> token = USER.set("alice")) {
      assertThat(pool.invoke(Handoff.task(new ReadUser()))).isEqualTo("alice");
      assertThat(pool.submit(Handoff.task(new ReadUser())).get(10, TimeUnit.SECONDS))
          .isEqualTo("alice");
      ForkJoinTask<String> executed = Handoff.task(new ReadUser());
      pool.execute(executed);
      assertThat(executed.get(10, TimeUnit.SECONDS)).isEqualTo("alice");
      assertThat(Context.copyCurrent().toMap()).containsExactly(Map.entry(USER, "alice"));
    }
  }

  @Test
  @WrappersOnly
  void theContextIsTheOneCurrentWhenTheTaskWasWrapped() throws Exception {
    ForkJoinTask<String> wrapped;
    try (Token<String> token = USER.set("at wrap time")) {
      wrapped = ContextExecutors.wrap(new ReadUser());
    }
    try (Token<String> token = USER.set("at submit time")) {
      assertThat(pool.invoke(wrapped)).isEqualTo("at wrap time");
    }
  }

  @Test
  @WrappersOnly
  void theWrappedTasksResultAndExceptionAreTheWrappers() {
    ReadUser inner = new ReadUser();
    ForkJoinTask<String> wrapped = ContextExecutors.wrap(inner);
    assertThat(pool.invoke(wrapped)).isEqualTo("<unbound>");
    assertThat(inner.isDone()).isTrue();
    assertThat(inner.join()).isEqualTo("<unbound>");

    ForkJoinTask<Object> failing = ContextExecutors.wrap(new RecursiveTask<Object>() {
      @Override
      protected Object compute() {
        throw new IllegalStateException("no");
      }
    });
    assertThatThrownBy(() -> pool.invoke(failing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no");
    assertThat(failing.isCompletedAbnormally()).isTrue();
  }

  @Test
  @WrappersOnly
  void cancellingTheWrapperCancelsTheWrappedTask() {
    ReadUser inner = new ReadUser();
    ForkJoinTask<String> wrapped = ContextExecutors.wrap(inner);
    assertThat(wrapped.cancel(true)).isTrue();
    assertThat(wrapped.isCancelled()).isTrue();
    assertThat(inner.isCancelled()).isTrue();
  }

  @Test
  @WrappersOnly
  void wrapRejectsNull() {
    assertThatThrownBy(() -> ContextExecutors.wrap((ForkJoinTask<?>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("task must not be null");
  }

  /** Sums a range, forking wrapped halves; every leaf checks that it sees the caller's user. */
  private static final class CheckingSum extends RecursiveTask<Long> {
    private final int from;
    private final int to;
    private final String expected;
    private final Queue<String> mismatches;
    private final Set<Thread> workers;

    CheckingSum(int from, int to, String expected, Queue<String> mismatches, Set<Thread> workers) {
      this.from = from;
      this.to = to;
      this.expected = expected;
      this.mismatches = mismatches;
      this.workers = workers;
    }

    @Override
    protected Long compute() {
      if (to - from <= 16) {
        String actual = USER.orElse("<unbound>");
        if (!actual.equals(expected)) {
          mismatches.add(expected + " saw " + actual);
        }
        workers.add(Thread.currentThread());
        USER.set("junk from a leaf");
        long sum = 0;
        for (int i = from; i < to; i++) {
          sum += i;
        }
        return sum;
      }
      int mid = (from + to) >>> 1;
      ForkJoinTask<Long> left =
          Handoff.task(new CheckingSum(from, mid, expected, mismatches, workers)).fork();
      long right = new CheckingSum(mid, to, expected, mismatches, workers).compute();
      return left.join() + right;
    }
  }

  @Test
  void wrappedForksCarryEachCallersContextToWhicheverWorkerStealsThem() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    Queue<String> mismatches = new ConcurrentLinkedQueue<>();
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    int size = 20_000;
    long expectedSum = (long) size * (size - 1) / 2;
    try {
      List<Future<Long>> sums = new ArrayList<>();
      for (int c = 0; c < 40 * SCALE; c++) {
        String user = "caller-" + c;
        sums.add(callers.submit(() -> {
          try (Token<String> token = USER.set(user)) {
            return pool.invoke(
                Handoff.task(new CheckingSum(0, size, user, mismatches, workers)));
          }
        }));
      }
      for (Future<Long> sum : sums) {
        assertThat(sum.get(30, TimeUnit.SECONDS)).isEqualTo(expectedSum);
      }
      assertThat(mismatches).isEmpty();
      assertThat(workers).as("leaves ran on several workers").hasSizeGreaterThan(1);
      PoolProbe.assertEveryThreadClean(callers, 4);
    } finally {
      PoolProbe.shutDown(callers);
    }
  }

  @Test
  void aWrappedForkJoinPoolRunsCallablesAndRunnablesInTheSubmittersContext() throws Exception {
    ExecutorService wrapped = Handoff.executor((ExecutorService) pool);
    AtomicInteger ran = new AtomicInteger();
    try (Token<String> token = USER.set("bob")) {
      Callable<String> read = () -> {
        ran.incrementAndGet();
        return USER.get();
      };
      assertThat(wrapped.submit(read).get(10, TimeUnit.SECONDS)).isEqualTo("bob");
      assertThat(wrapped.invokeAll(List.of(read, read)))
          .allSatisfy(f -> assertThat(f.get()).isEqualTo("bob"));
    }
    assertThat(ran).hasValue(3);
  }

  @Test
  void aRecursiveActionCanBeWrappedToo() {
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    try (Token<String> token = USER.set("carol")) {
      pool.invoke(Handoff.task(new RecursiveAction() {
        @Override
        protected void compute() {
          seen.add(USER.get());
        }
      }));
    }
    assertThat(seen).containsExactly("carol");
  }

  // ---------------------------------------------------------------------------------------------
  // Parallel streams cannot be wrapped; the documented pattern must work.

  @Test
  void parallelStreamElementsRunInCopiesOfASnapshotTakenBeforeTheStream() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Set<String>>> results = new ArrayList<>();
      for (int c = 0; c < 20 * SCALE; c++) {
        String user = "caller-" + c;
        results.add(callers.submit(() -> {
          try (Token<String> token = USER.set(user)) {
            Context snapshot = Context.copyCurrent();
            Set<String> seen = IntStream.range(0, 2_000)
                .parallel()
                .mapToObj(i -> snapshot.copy().supply(() -> {
                  String value = USER.get();
                  USER.set("set by element " + i);
                  return value;
                }))
                .collect(Collectors.toSet());
            assertThat(Context.copyCurrent().toMap()).containsExactly(Map.entry(USER, user));
            return seen;
          }
        }));
      }
      for (int c = 0; c < results.size(); c++) {
        assertThat(results.get(c).get(30, TimeUnit.SECONDS)).containsExactly("caller-" + c);
      }
      PoolProbe.assertEveryThreadClean(callers, 4);
    } finally {
      PoolProbe.shutDown(callers);
    }
  }
}
