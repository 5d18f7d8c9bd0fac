package org.contextvars.agent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A future task that runs in its submitter's context and is otherwise the task itself: code that
 * finds it in a pool's queue or in {@code afterExecute} can still treat it as the future it was.
 */
final class BoundFuture<V> implements RunnableFuture<V> {

  private final RunnableFuture<V> task;
  private final Runnable bound;

  BoundFuture(RunnableFuture<V> task, Runnable bound) {
    this.task = task;
    this.bound = bound;
  }

  @Override
  public void run() {
    bound.run();
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return task.cancel(mayInterruptIfRunning);
  }

  @Override
  public boolean isCancelled() {
    return task.isCancelled();
  }

  @Override
  public boolean isDone() {
    return task.isDone();
  }

  @Override
  public V get() throws InterruptedException, ExecutionException {
    return task.get();
  }

  @Override
  public V get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return task.get(timeout, unit);
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
