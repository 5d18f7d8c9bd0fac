package org.contextvars;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Runs each submitted task in a copy of the submitter's context; lifecycle calls pass through. */
class ContextPropagatingExecutorService implements ExecutorService {

  private final ExecutorService delegate;

  ContextPropagatingExecutorService(ExecutorService delegate) {
    this.delegate = delegate;
  }

  static Runnable capture(Runnable task) {
    return Context.wrapCurrent(task);
  }

  static <T extends @Nullable Object> Callable<T> capture(Callable<T> task) {
    return Context.wrapCurrent(task);
  }

  private static <T extends @Nullable Object> List<Callable<T>> captureAll(
      Collection<? extends Callable<T>> tasks) {
    Context snapshot = Context.copyCurrent();
    List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      wrapped.add(snapshot.wrap(Objects.requireNonNull(task, "task must not be null")));
    }
    return wrapped;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(capture(command));
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit(capture(task));
  }

  @Override
  public <T extends @Nullable Object> Future<T> submit(Runnable task, T result) {
    return delegate.submit(capture(task), result);
  }

  @Override
  public <T extends @Nullable Object> Future<T> submit(Callable<T> task) {
    return delegate.submit(capture(task));
  }

  @Override
  public <T extends @Nullable Object> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return delegate.invokeAll(captureAll(tasks));
  }

  @Override
  public <T extends @Nullable Object> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(captureAll(tasks), timeout, unit);
  }

  @Override
  public <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return delegate.invokeAny(captureAll(tasks));
  }

  @Override
  public <T extends @Nullable Object> T invokeAny(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(captureAll(tasks), timeout, unit);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + delegate + ")";
  }
}
