package org.contextvars;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Binds the function of one future stage to the context that is current when the stage is created.
 *
 * <p>Each method takes the snapshot at the call, so a stage's function sees its creator's values
 * on whichever thread completes the stage. A stage's function runs at most once, so it runs in the
 * snapshot itself: no second copy is needed to keep its sets away from anybody else.
 */
final class StageFunctions {

  private StageFunctions() {}

  static <A extends @Nullable Object, R extends @Nullable Object> Function<A, R> function(
      Function<? super A, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn must not be null");
    Context snapshot = Context.copyCurrent();
    return (Function<A, R> & ContextBound) a -> inContext(snapshot, () -> fn.apply(a));
  }

  static <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      BiFunction<A, B, R> biFunction(BiFunction<? super A, ? super B, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn must not be null");
    Context snapshot = Context.copyCurrent();
    return (BiFunction<A, B, R> & ContextBound) (a, b) -> inContext(snapshot, () -> fn.apply(a, b));
  }

  static <A extends @Nullable Object> Consumer<A> consumer(Consumer<? super A> action) {
    Objects.requireNonNull(action, "action must not be null");
    Context snapshot = Context.copyCurrent();
    return (Consumer<A> & ContextBound) a ->
        inContext(
            snapshot,
            () -> {
              action.accept(a);
              return null;
            });
  }

  static <A extends @Nullable Object, B extends @Nullable Object> BiConsumer<A, B> biConsumer(
      BiConsumer<? super A, ? super B> action) {
    Objects.requireNonNull(action, "action must not be null");
    Context snapshot = Context.copyCurrent();
    return (BiConsumer<A, B> & ContextBound) (a, b) ->
        inContext(
            snapshot,
            () -> {
              action.accept(a, b);
              return null;
            });
  }

  static Runnable runnable(Runnable action) {
    Objects.requireNonNull(action, "action must not be null");
    Context snapshot = Context.copyCurrent();
    return (Runnable & ContextBound) () ->
        inContext(
            snapshot,
            () -> {
              action.run();
              return null;
            });
  }

  static <R extends @Nullable Object> Supplier<R> supplier(Supplier<? extends R> supplier) {
    Objects.requireNonNull(supplier, "supplier must not be null");
    Context snapshot = Context.copyCurrent();
    return (Supplier<R> & ContextBound) () -> inContext(snapshot, supplier);
  }

  private static <R extends @Nullable Object> R inContext(
      Context snapshot, Supplier<? extends R> body) {
    if (LeakTracker.ENABLED) {
      return LeakTracker.runStage(snapshot, body);
    }
    return snapshot.supply(body);
  }
}
