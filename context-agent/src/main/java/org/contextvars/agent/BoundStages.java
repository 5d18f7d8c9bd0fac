package org.contextvars.agent;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.contextvars.Context;

/**
 * Stage functions bound to the context current where their stage was created. A stage runs its
 * function at most once, so it runs in the snapshot itself, as {@code ContextCompletableFuture}'s
 * stages do.
 */
final class BoundStages {

  private BoundStages() {}

  /** Marks every stage function below, so that {@link AlreadyBound} passes it through. */
  interface Bound {}

  static final class OfFunction<A, R> implements Function<A, R>, Bound {
    private final Context snapshot;
    private final Function<A, R> fn;

    OfFunction(Context snapshot, Function<A, R> fn) {
      this.snapshot = snapshot;
      this.fn = fn;
    }

    @Override
    public R apply(A a) {
      return snapshot.supply(() -> fn.apply(a));
    }
  }

  static final class OfBiFunction<A, B, R> implements BiFunction<A, B, R>, Bound {
    private final Context snapshot;
    private final BiFunction<A, B, R> fn;

    OfBiFunction(Context snapshot, BiFunction<A, B, R> fn) {
      this.snapshot = snapshot;
      this.fn = fn;
    }

    @Override
    public R apply(A a, B b) {
      return snapshot.supply(() -> fn.apply(a, b));
    }
  }

  static final class OfConsumer<A> implements Consumer<A>, Bound {
    private final Context snapshot;
    private final Consumer<A> action;

    OfConsumer(Context snapshot, Consumer<A> action) {
      this.snapshot = snapshot;
      this.action = action;
    }

    @Override
    public void accept(A a) {
      snapshot.run(() -> action.accept(a));
    }
  }

  static final class OfBiConsumer<A, B> implements BiConsumer<A, B>, Bound {
    private final Context snapshot;
    private final BiConsumer<A, B> action;

    OfBiConsumer(Context snapshot, BiConsumer<A, B> action) {
      this.snapshot = snapshot;
      this.action = action;
    }

    @Override
    public void accept(A a, B b) {
      snapshot.run(() -> action.accept(a, b));
    }
  }

  static final class OfRunnable implements Runnable, Bound {
    private final Context snapshot;
    private final Runnable action;

    OfRunnable(Context snapshot, Runnable action) {
      this.snapshot = snapshot;
      this.action = action;
    }

    @Override
    public void run() {
      snapshot.run(action);
    }
  }

  static final class OfSupplier<R> implements Supplier<R>, Bound {
    private final Context snapshot;
    private final Supplier<R> supplier;

    OfSupplier(Context snapshot, Supplier<R> supplier) {
      this.snapshot = snapshot;
      this.supplier = supplier;
    }

    @Override
    public R get() {
      return snapshot.supply(supplier);
    }
  }
}
