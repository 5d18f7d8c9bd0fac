package org.contextvars;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * How the cross-thread tests hand work to other threads: through the wrappers ({@link
 * ContextExecutors}, {@link ContextCompletableFuture}), or plainly.
 *
 * <p>The core's build runs the suite with the wrappers. {@code context-agent} runs the very same
 * test classes again in a JVM started with {@code -javaagent} and {@code
 * -Dcontextvars.test.plainHandoff=true}: every method here then hands back plain JDK objects, and
 * the agent alone must make the values arrive. The same run without {@code -javaagent} fails, so
 * this switch cannot turn a scenario into one that passes whatever happens.
 *
 * <p>Tests that hold only with the wrappers are marked {@link WrappersOnly} and left out of that run.
 */
public final class Handoff {

  /** True when work is handed over without any wrapper, for the Java agent to carry the context. */
  public static final boolean PLAIN = Boolean.getBoolean("contextvars.test.plainHandoff");

  private Handoff() {}

  public static Executor executor(Executor executor) {
    return PLAIN ? executor : ContextExecutors.wrap(executor);
  }

  public static ExecutorService executor(ExecutorService executor) {
    return PLAIN ? executor : ContextExecutors.wrap(executor);
  }

  public static ScheduledExecutorService executor(ScheduledExecutorService executor) {
    return PLAIN ? executor : ContextExecutors.wrap(executor);
  }

  public static <V> ForkJoinTask<V> task(ForkJoinTask<V> task) {
    return PLAIN ? task : ContextExecutors.wrap(task);
  }

  /** A factory whose threads start in a copy of the context; see {@link #capturedAtStart}. */
  public static ThreadFactory threads(ThreadFactory factory) {
    return PLAIN ? factory : ContextExecutors.inheriting(factory);
  }

  /**
   * Whether a new thread gets the context current at {@code start()} rather than at {@code
   * newThread}: the agent captures in {@code Thread.start} (as Python 3.14's {@code
   * thread_inherit_context} does), the inheriting factory when it creates the thread.
   */
  public static boolean capturedAtStart() {
    return PLAIN;
  }

  /** The type of every future and stage made below. */
  @SuppressWarnings("rawtypes")
  public static Class<? extends CompletableFuture> futureType() {
    return PLAIN ? CompletableFuture.class : ContextCompletableFuture.class;
  }

  public static <T> CompletableFuture<T> newFuture() {
    return PLAIN ? new CompletableFuture<>() : new ContextCompletableFuture<>();
  }

  /** {@code stage} as a future whose stages run in their creators' contexts. */
  public static <T> CompletableFuture<T> adopt(CompletionStage<T> stage) {
    return PLAIN ? stage.toCompletableFuture() : ContextCompletableFuture.adopt(stage);
  }

  public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier) {
    return PLAIN
        ? CompletableFuture.supplyAsync(supplier)
        : ContextCompletableFuture.supplyAsync(supplier);
  }

  public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor executor) {
    return PLAIN
        ? CompletableFuture.supplyAsync(supplier, executor)
        : ContextCompletableFuture.supplyAsync(supplier, executor);
  }

  public static CompletableFuture<Void> runAsync(Runnable action) {
    return PLAIN ? CompletableFuture.runAsync(action) : ContextCompletableFuture.runAsync(action);
  }

  public static CompletableFuture<Void> runAsync(Runnable action, Executor executor) {
    return PLAIN
        ? CompletableFuture.runAsync(action, executor)
        : ContextCompletableFuture.runAsync(action, executor);
  }

  public static <T> CompletableFuture<T> completedFuture(T value) {
    return PLAIN
        ? CompletableFuture.completedFuture(value)
        : ContextCompletableFuture.completedFuture(value);
  }

  public static <T> CompletableFuture<T> failedFuture(Throwable failure) {
    return PLAIN
        ? CompletableFuture.failedFuture(failure)
        : ContextCompletableFuture.failedFuture(failure);
  }

  public static CompletableFuture<Void> allOf(CompletableFuture<?>... futures) {
    return PLAIN ? CompletableFuture.allOf(futures) : ContextCompletableFuture.allOf(futures);
  }

  public static CompletableFuture<Object> anyOf(CompletableFuture<?>... futures) {
    return PLAIN ? CompletableFuture.anyOf(futures) : ContextCompletableFuture.anyOf(futures);
  }
}
