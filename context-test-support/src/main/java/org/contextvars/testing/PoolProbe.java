package org.contextvars.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Looks at what each thread of a fixed-size pool holds outside any task.
 *
 * <pre>{@code
 * PoolProbe.assertEveryThreadClean(pool, 4);   // after the scenario, before shutting the pool down
 * }</pre>
 *
 * <p>Submit to the pool itself, not to a {@code ContextExecutors} wrapper, which would run the probe
 * in the submitter's context. Each probe waits until all have started, so each of the {@code
 * threads} threads runs exactly one.
 *
 * <p>A probe waits through {@link ForkJoinPool#managedBlock}: a fork/join pool promises a thread to
 * each of several tasks that block at once only when they block that way. Before, after a scenario
 * of many nested joins, a probe once stayed queued on a {@code ForkJoinPool(4)} until the wait timed
 * out. Now the pool wakes its idle workers for the other probes first, and adds a spare worker only
 * when it has no idle one left (a new thread, so clean).
 *
 * <p>Under the Java agent ({@code context-agent}) a task handed to a plain pool runs in a copy of its
 * submitter's context, which would hide what the worker holds. The probe is marked as one of the
 * JDK's asynchronous completion tasks, which the agent leaves as they are, so it sees the worker as
 * it is between tasks, with or without the agent.
 */
public final class PoolProbe {

  private PoolProbe() {}

  /** Runs {@code probe} once on each of the {@code threads} threads of {@code pool}. */
  public static <T> List<T> onEveryThread(ExecutorService pool, int threads, Callable<T> probe)
      throws Exception {
    CountDownLatch allStarted = new CountDownLatch(threads);
    List<Future<T>> running = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Probe<T> task =
          new Probe<>(
              () -> {
                allStarted.countDown();
                ForkJoinPool.managedBlock(new AllStarted(allStarted));
                return probe.call();
              });
      pool.execute(task);
      running.add(task);
    }
    List<T> results = new ArrayList<>();
    for (Future<T> result : running) {
      results.add(result.get(1, TimeUnit.MINUTES));
    }
    return results;
  }

  /**
   * Fails when any of the {@code threads} threads of {@code pool} holds a binding, an open frame or
   * anything a registered {@link ThreadLeftovers} finds.
   */
  public static void assertEveryThreadClean(ExecutorService pool, int threads) throws Exception {
    List<String> held =
        onEveryThread(
            pool,
            threads,
            () -> {
              String found = Leftovers.onThisThread();
              return found.isEmpty() ? "" : Thread.currentThread().getName() + " holds " + found;
            });
    held.removeIf(String::isEmpty);
    if (!held.isEmpty()) {
      throw new AssertionError("pool threads are not clean: " + held);
    }
  }

  /**
   * What the calling thread holds (bindings, open frames, registered leftovers), or the empty
   * string: for probes that run inside a scheduler's own tasks.
   */
  public static String leftoversOnThisThread() {
    return Leftovers.onThisThread();
  }

  /** Waits, at most a minute, until every probe has started; then fails if some never did. */
  private static final class AllStarted implements ForkJoinPool.ManagedBlocker {
    private final CountDownLatch latch;

    AllStarted(CountDownLatch latch) {
      this.latch = latch;
    }

    @Override
    public boolean block() throws InterruptedException {
      if (!latch.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            latch.getCount() + " probes had not started after a minute: the pool has fewer threads");
      }
      return true;
    }

    @Override
    public boolean isReleasable() {
      return latch.getCount() == 0;
    }
  }

  /** A probe task that the Java agent does not bind to its submitter's context. */
  private static final class Probe<T> extends FutureTask<T>
      implements CompletableFuture.AsynchronousCompletionTask {
    Probe(Callable<T> probe) {
      super(probe);
    }
  }

  /** Shuts {@code pool} down and fails unless it terminates within ten seconds. */
  public static void shutDown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("pool did not terminate: " + pool);
    }
  }
}
