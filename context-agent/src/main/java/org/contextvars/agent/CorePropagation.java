package org.contextvars.agent;

import java.util.concurrent.Callable;
import java.util.concurrent.RunnableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.contextvars.Context;
import org.contextvars.agent.bootstrap.Propagation;
import org.contextvars.agent.bootstrap.StageKinds;

/**
 * The application-side half of the agent: binds tasks with the core's public API, exactly as
 * {@code ContextExecutors} and {@code ContextCompletableFuture} do.
 *
 * <p>A task runs in a fresh copy of the snapshot taken at submission ({@link Context#wrap}); a
 * stage function runs once, in the snapshot taken when its stage was created. Tasks the core
 * already bound are passed through, so a wrapped executor over an instrumented pool captures once.
 */
final class CorePropagation implements Propagation {

  @Override
  public Runnable bind(Runnable task) {
    if (AlreadyBound.test(task)) {
      return task;
    }
    Runnable bound = Context.copyCurrent().wrap(task);
    if (task instanceof RunnableFuture) {
      // Keeps ThreadPoolExecutor.afterExecute's "r instanceof Future" and purge() working.
      return new BoundFuture<>((RunnableFuture<?>) task, bound);
    }
    return bound;
  }

  @Override
  public <V> Callable<V> bind(Callable<V> task) {
    return AlreadyBound.test(task) ? task : Context.copyCurrent().wrap(task);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object bindStage(Object function, int kind) {
    if (AlreadyBound.test(function)) {
      return function;
    }
    Context snapshot = Context.copyCurrent();
    switch (kind) {
      case StageKinds.FUNCTION:
        return new BoundStages.OfFunction<>(snapshot, (Function<Object, Object>) function);
      case StageKinds.BI_FUNCTION:
        return new BoundStages.OfBiFunction<>(
            snapshot, (BiFunction<Object, Object, Object>) function);
      case StageKinds.CONSUMER:
        return new BoundStages.OfConsumer<>(snapshot, (Consumer<Object>) function);
      case StageKinds.BI_CONSUMER:
        return new BoundStages.OfBiConsumer<>(snapshot, (BiConsumer<Object, Object>) function);
      case StageKinds.RUNNABLE:
        return new BoundStages.OfRunnable(snapshot, (Runnable) function);
      case StageKinds.SUPPLIER:
        return new BoundStages.OfSupplier<>(snapshot, (Supplier<Object>) function);
      default:
        return function;
    }
  }

  @Override
  public boolean isBound(Object task) {
    return AlreadyBound.test(task);
  }

  @Override
  public Object capture() {
    return Context.copyCurrent();
  }

  @Override
  public Object enter(Object snapshot) {
    return ThreadContexts.enter((Context) snapshot);
  }

  @Override
  public void exit(Object entered) {
    ThreadContexts.leave(entered);
  }

  @Override
  public void runIn(Object snapshot, Runnable action) {
    ((Context) snapshot).copy().run(action);
  }
}
