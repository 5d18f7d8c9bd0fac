package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A wrapped executor service passes its lifecycle through to the delegate, with the delegate's
 * answers, and the tasks {@code shutdownNow} hands back still carry the submitter's context.
 */
class ExecutorServiceLifecycleTest {

  private static final ContextVar<String> USER = ContextVar.of("user");

  @Test
  void lifecycleAnswersAreTheDelegatesWhileATaskRunsAndAnotherWaits() throws Exception {
    ExecutorService own = Executors.newSingleThreadExecutor();
    ExecutorService executor = Handoff.executor(own);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> seenByQueued = new AtomicReference<>();
    try (Token<String> token = USER.set("queued by alice")) {
      executor.execute(() -> {
        started.countDown();
        awaitQuietly(release);
      });
      executor.execute(() -> seenByQueued.set(USER.get()));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(executor.isShutdown()).isFalse();
    executor.shutdown();
    assertThat(executor.isShutdown()).isTrue();
    assertThat(executor.isTerminated()).isFalse();
    assertThat(executor.awaitTermination(1, TimeUnit.MILLISECONDS)).isFalse();

    List<Runnable> neverRun = executor.shutdownNow();
    assertThat(neverRun).hasSize(1);
    // The handed-back task is the wrapped one: run later, anywhere, it sees its submitter's values.
    neverRun.get(0).run();
    assertThat(seenByQueued.get()).isEqualTo("queued by alice");
    assertThat(USER.isBound()).isFalse();

    release.countDown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isTerminated()).isTrue();
    assertThat(own.isTerminated()).isTrue();
  }

  @Test
  @WrappersOnly
  void itsNameShowsTheDelegate() {
    ExecutorService own = Executors.newSingleThreadExecutor();
    try {
      assertThat(ContextExecutors.wrap(own).toString())
          .isEqualTo("ContextPropagatingExecutorService(" + own + ")");
    } finally {
      own.shutdownNow();
    }
  }

  @Test
  @WrappersOnly
  void thePlainExecutorAndTheForkJoinTaskShowWhatTheyWrap() {
    java.util.concurrent.Executor direct = Runnable::run;
    assertThat(ContextExecutors.wrap(direct).toString())
        .isEqualTo("ContextPropagatingExecutor(" + direct + ")");
    java.util.concurrent.ForkJoinTask<?> task = java.util.concurrent.ForkJoinTask.adapt(() -> { });
    assertThat(ContextExecutors.wrap(task).toString())
        .isEqualTo("ContextPropagatingForkJoinTask(" + task + ")");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      // shutdownNow interrupts the running task; that is expected here.
      Thread.currentThread().interrupt();
    }
  }
}
