package org.contextvars;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decorators that carry context to the threads that run tasks.
 *
 * <p>A wrapped executor takes a {@link Context#copyCurrent() copy} of the submitting thread's
 * context when a task is submitted, and runs the task in a fresh copy of that snapshot on the worker
 * thread. The task sees the submitter's values as they were at submission; what the task sets
 * stays inside the task, and the worker thread is left exactly as it was.
 *
 * <pre>{@code
 * ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(4));
 * try (var token = REQUEST_ID.set("req-7")) {
 *   pool.submit(() -> log.info("handling {}", REQUEST_ID.get())); // "req-7", on a pool thread
 * }
 * }</pre>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Only tasks submitted through the wrapper are covered. Work the delegate schedules on its
 *       own (for example a {@code CompletableFuture}'s default async pool) is not.
 *   <li>A periodic task runs every time in a fresh copy of the snapshot taken when it was scheduled:
 *       values it sets are not carried to its next run.
 *   <li>For {@code CompletableFuture} use {@link ContextCompletableFuture}: wrapping its executor
 *       does not cover non-async stages, which run on whichever thread completes the future.
 *   <li>Subtasks that a {@link ForkJoinTask} forks from inside {@code compute()} go straight to the
 *       worker's queue, past any wrapper, and may be stolen by a worker in another context. Wrap
 *       each subtask before forking it (see {@link #wrap(ForkJoinTask)}).
 *   <li>Parallel streams cannot be covered: their elements run on common-pool workers, in whatever
 *       context those have, and on the calling thread in its own. Read the values before the
 *       stream, or run each element in a copy of a snapshot taken before it:
 *       <pre>{@code
 * String tenant = TENANT.get();                       // simplest: capture the value
 * Context snapshot = Context.copyCurrent();            // or the whole context
 * orders.parallelStream()
 *     .map(order -> snapshot.copy().supply(() -> price(order)))
 *     .collect(toList());
 * }</pre>
 *   <li>Virtual threads behave like platform threads: use {@code
 *       inheriting(Thread.ofVirtual().factory())} or {@code
 *       wrap(Executors.newVirtualThreadPerTaskExecutor())}. A {@code StructuredTaskScope} opened
 *       with an inheriting thread factory forks subtasks that see the forker's context.
 * </ul>
 */
public final class ContextExecutors {

  private ContextExecutors() {}

  /** An executor that runs each task in a copy of the context that was current at submission. */
  public static Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor must not be null");
    return new ContextPropagatingExecutor(executor);
  }

  /**
   * An executor service that runs each task in a copy of the context that was current at
   * submission. Lifecycle methods ({@code shutdown}, {@code awaitTermination}, ...) go straight to
   * {@code executor}.
   */
  public static ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor must not be null");
    return new ContextPropagatingExecutorService(executor);
  }

  /** Like {@link #wrap(ExecutorService)}, also for delayed and periodic tasks. */
  public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor must not be null");
    return new ContextPropagatingScheduledExecutorService(executor);
  }

  /**
   * A fork/join task that runs {@code task} in a copy of the context current now, for {@link
   * ForkJoinPool#invoke}, {@link ForkJoinPool#submit(ForkJoinTask)}, {@link
   * ForkJoinPool#execute(ForkJoinTask)} or {@link ForkJoinTask#fork()}. Its result or exception is
   * {@code task}'s; cancelling it cancels {@code task} too. For plain {@code Runnable}s and {@code
   * Callable}s on a {@code ForkJoinPool}, wrap the pool itself with {@link #wrap(ExecutorService)}.
   *
   * <pre>{@code
   * Long total = pool.invoke(ContextExecutors.wrap(new SumTask(ledger)));
   *
   * // inside SumTask.compute(): wrap subtasks too, or a thief may run them in another context
   * ForkJoinTask<Long> left = ContextExecutors.wrap(new SumTask(firstHalf)).fork();
   * long right = new SumTask(secondHalf).compute();   // runs here, in this task's context
   * return left.join() + right;
   * }</pre>
   */
  public static <V extends @Nullable Object> ForkJoinTask<V> wrap(ForkJoinTask<V> task) {
    Objects.requireNonNull(task, "task must not be null");
    return new ContextPropagatingForkJoinTask<>(task);
  }

  /**
   * A thread factory whose threads start in a copy of the context that was current on the thread
   * that called {@code newThread}.
   *
   * <p>Caution: a thread pool creates its workers from whichever thread happens to submit when the
   * pool grows, so their contexts are not the submitters'. For pools, wrap the executor instead.
   */
  public static ThreadFactory inheriting(ThreadFactory factory) {
    Objects.requireNonNull(factory, "factory must not be null");
    return task -> factory.newThread(Context.wrapCurrent(task));
  }
}
