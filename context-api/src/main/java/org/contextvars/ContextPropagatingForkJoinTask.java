package org.contextvars;

import java.util.concurrent.ForkJoinTask;
import org.jspecify.annotations.Nullable;

/**
 * Runs a fork/join task in a copy of the context that was current when this wrapper was made.
 *
 * <p>The wrapped task is invoked inside the copy, so its own {@code compute()} sees the values; its
 * result, or its exception, becomes this task's. Cancelling this task cancels the wrapped one too.
 */
final class ContextPropagatingForkJoinTask<V extends @Nullable Object>
    extends ForkJoinTask<V> implements ContextBound {

  private static final long serialVersionUID = 1L;

  // A context belongs to the running JVM: a serialized wrapper would be meaningless.
  private final transient ForkJoinTask<V> task;
  private final transient Invocation<V> invocation;
  private final transient Runnable inContext;

  ContextPropagatingForkJoinTask(ForkJoinTask<V> task) {
    this.task = task;
    this.invocation = new Invocation<>(task);
    this.inContext = Context.wrapCurrent(invocation);
  }

  @Override
  protected boolean exec() {
    inContext.run();
    return true;
  }

  @Override
  public @Nullable V getRawResult() {
    return invocation.result;
  }

  @Override
  protected void setRawResult(@Nullable V value) {
    invocation.result = value;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    task.cancel(mayInterruptIfRunning);
    return cancelled;
  }

  @Override
  public String toString() {
    return "ContextPropagatingForkJoinTask(" + task + ")";
  }

  /** Kept apart from the task so that the wrapping runnable can be built in the constructor. */
  private static final class Invocation<V extends @Nullable Object> implements Runnable {
    private final ForkJoinTask<V> task;
    @Nullable V result;

    Invocation(ForkJoinTask<V> task) {
      this.task = task;
    }

    @Override
    public void run() {
      result = task.invoke();
    }
  }
}
