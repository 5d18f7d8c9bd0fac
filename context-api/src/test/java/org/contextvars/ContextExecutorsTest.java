package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;

class ContextExecutorsTest {

  private static final ContextVar<String> USER = ContextVar.of("user");

  private static final int POOL_SIZE = 2;

  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(POOL_SIZE);

  @AfterEach
  void poolThreadsAreClean() throws Exception {
    try {
      PoolProbe.assertEveryThreadClean(pool, POOL_SIZE);
    } finally {
      PoolProbe.shutDown(pool);
    }
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void executorRunsTheTaskInTheSubmittersContextAtSubmission() throws Exception {
    Executor executor = Handoff.executor((Executor) pool);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> seen = new AtomicReference<>();
    CountDownLatch release = new CountDownLatch(1);
    try (Token<String> token = USER.set("alice")) {
      executor.execute(() -> {
        await(release);
        seen.set(USER.get());
        USER.set("changed inside");
        done.countDown();
      });
      USER.set("after submission");
      release.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(USER.get()).isEqualTo("after submission");
    }
    assertThat(seen.get()).isEqualTo("alice");
  }

  @Test
  void executorServiceSubmitVariantsPropagate() throws Exception {
    ExecutorService executor = Handoff.executor((ExecutorService) pool);
    try (Token<String> token = USER.set("bob")) {
      Callable<String> read = USER::get;
      AtomicReference<String> fromRunnable = new AtomicReference<>();
      assertThat(executor.submit(read).get()).isEqualTo("bob");
      executor.submit(() -> fromRunnable.set(USER.get())).get();
      assertThat(fromRunnable.get()).isEqualTo("bob");
      assertThat(executor.submit(() -> fromRunnable.set(USER.get() + "!"), "result").get())
          .isEqualTo("result");
      assertThat(fromRunnable.get()).isEqualTo("bob!");
      assertThat(executor.invokeAll(List.of(read, read)))
          .extracting(ContextExecutorsTest::join)
          .containsExactly("bob", "bob");
      assertThat(executor.invokeAll(List.of(read), 10, TimeUnit.SECONDS))
          .extracting(ContextExecutorsTest::join)
          .containsExactly("bob");
      assertThat(executor.invokeAny(List.of(read))).isEqualTo("bob");
      assertThat(executor.invokeAny(List.of(read), 10, TimeUnit.SECONDS)).isEqualTo("bob");
    }
  }

  @Test
  void scheduledVariantsPropagate() throws Exception {
    ScheduledExecutorService executor = Handoff.executor(pool);
    try (Token<String> token = USER.set("carol")) {
      Callable<String> read = USER::get;
      assertThat(executor.schedule(read, 1, TimeUnit.MILLISECONDS).get()).isEqualTo("carol");
      AtomicReference<String> seen = new AtomicReference<>();
      executor.schedule(() -> seen.set(USER.get()), 1, TimeUnit.MILLISECONDS).get();
      assertThat(seen.get()).isEqualTo("carol");
    }
  }

  @Test
  void periodicTasksStartEveryRunFromTheSnapshot() throws Exception {
    ScheduledExecutorService executor = Handoff.executor(pool);
    for (boolean fixedRate : new boolean[] {true, false}) {
      List<String> seen = new CopyOnWriteArrayList<>();
      CountDownLatch threeRuns = new CountDownLatch(3);
      Runnable task = () -> {
        seen.add(USER.get());
        USER.set("set by run " + seen.size());
        threeRuns.countDown();
      };
      ScheduledFuture<?> periodic;
      try (Token<String> token = USER.set("dave")) {
        periodic = fixedRate
            ? executor.scheduleAtFixedRate(task, 0, 1, TimeUnit.MILLISECONDS)
            : executor.scheduleWithFixedDelay(task, 0, 1, TimeUnit.MILLISECONDS);
      }
      assertThat(threeRuns.await(10, TimeUnit.SECONDS)).isTrue();
      periodic.cancel(false);
      assertThat(seen).hasSizeGreaterThanOrEqualTo(3).allMatch("dave"::equals);
    }
  }

  @Test
  void exceptionsFromTasksPropagateAndLeaveThePoolClean() {
    ExecutorService executor = Handoff.executor((ExecutorService) pool);
    IllegalStateException failure = new IllegalStateException("task failed");
    try (Token<String> token = USER.set("erin")) {
      Future<?> future = executor.submit(() -> {
        USER.set("left behind?");
        throw failure;
      });
      assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasCause(failure);
    }
  }

  @Test
  @WrappersOnly
  void lifecycleCallsReachTheDelegate() throws Exception {
    ExecutorService own = Executors.newSingleThreadExecutor();
    ExecutorService executor = ContextExecutors.wrap(own);
    assertThat(executor.isShutdown()).isFalse();
    executor.shutdown();
    assertThat(own.isShutdown()).isTrue();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isTerminated()).isTrue();
    assertThat(executor.shutdownNow()).isEmpty();
    assertThat(executor.toString()).contains("ContextPropagating");
  }

  @Test
  void inheritingThreadFactoryStartsThreadsInACopyOfTheCreatorsContext() throws Exception {
    ThreadFactory factory = Handoff.threads(Executors.defaultThreadFactory());
    AtomicReference<String> seen = new AtomicReference<>();
    Thread thread;
    try (Token<String> token = USER.set("frank")) {
      thread = factory.newThread(() -> {
        seen.set(USER.get());
        USER.set("the thread's own");
      });
      USER.set("after creation");
      thread.start();
      thread.join();
      assertThat(USER.get()).isEqualTo("after creation");
    }
    assertThat(seen.get()).isEqualTo(Handoff.capturedAtStart() ? "after creation" : "frank");
  }

  @Test
  @WrappersOnly
  void aPlainThreadStartsWithAnEmptyContext() throws Exception {
    AtomicReference<Boolean> empty = new AtomicReference<>();
    try (Token<String> token = USER.set("grace")) {
      Thread thread = new Thread(() -> empty.set(Context.copyCurrent().isEmpty()));
      thread.start();
      thread.join();
    }
    assertThat(empty.get()).isTrue();
  }

  @Test
  @WrappersOnly
  void nullArgumentsAreRejectedWithAMessage() {
    assertThatThrownBy(() -> ContextExecutors.wrap((Executor) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
    assertThatThrownBy(() -> ContextExecutors.wrap((ExecutorService) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
    assertThatThrownBy(() -> ContextExecutors.wrap((ScheduledExecutorService) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
    assertThatThrownBy(() -> ContextExecutors.inheriting(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("factory");
    ExecutorService executor = ContextExecutors.wrap((ExecutorService) pool);
    assertThatThrownBy(() -> executor.submit((Runnable) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("task");
    List<Callable<String>> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> executor.invokeAll(withNull))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("task");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
