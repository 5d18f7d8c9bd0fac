package org.contextvars;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CompletableFuture} whose every dependent stage runs in the context that was current
 * when that stage was created, on whichever thread completes it.
 *
 * <p>A plain {@code CompletableFuture} runs a non-async stage ({@code thenApply}, {@code
 * whenComplete}, ...) on the thread that happens to complete its source, in that thread's context,
 * and its {@code *Async} stages on the common pool, in no context at all. This class closes both
 * gaps, for stages of stages too: every stage it creates is again a {@code
 * ContextCompletableFuture}.
 *
 * <pre>{@code
 * try (Token<String> token = REQUEST_ID.set("req-7")) {
 *   ContextCompletableFuture.supplyAsync(() -> load(REQUEST_ID.get()))   // "req-7"
 *       .thenApply(row -> render(row, REQUEST_ID.get()))                  // "req-7"
 *       .whenComplete((page, error) -> audit(REQUEST_ID.get()));          // "req-7"
 * }
 *
 * // Futures from other libraries: adopt them, then chain.
 * ContextCompletableFuture.adopt(httpClient.sendAsync(request, ofString()))
 *     .thenAccept(response -> log(REQUEST_ID.get(), response.statusCode()));
 * }</pre>
 *
 * <p>Each stage's function runs in its own copy of the creator's context: a value it sets is seen
 * neither by the next stage, nor by the creator, nor by the completing thread, which gets back
 * exactly the context it had. Creating a stage adds a {@link Context#copyCurrent()}, which takes
 * constant time, and one wrapper around the stage's function.
 *
 * <p>{@code *Async} methods without an executor run on the same pool as {@code CompletableFuture}'s
 * (the common pool, or a new thread per task when the common pool has no parallelism). {@link
 * #defaultExecutor()} returns that pool wrapped by {@link ContextExecutors#wrap(Executor)}.
 *
 * <p>Works on Java 8-level runtimes such as Android (API 24+): every stage method is overridden
 * here, so stages are {@code ContextCompletableFuture}s also where {@code CompletableFuture} has no
 * {@code newIncompleteFuture()}.
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>The context is captured when a stage is <em>created</em>, as with Python's {@code
 *       add_done_callback}; a value set by one stage is not passed to the next. Pass data between
 *       stages as results.
 *   <li>Only stages created through this class are covered. The static factories of {@code
 *       CompletableFuture} ({@code CompletableFuture.supplyAsync}, {@code allOf}, ...) return plain
 *       futures: call the ones here, or {@link #adopt} their results. {@code
 *       CompletableFuture.delayedExecutor} is not covered: wrap it with {@link
 *       ContextExecutors#wrap(Executor)}.
 *   <li>{@link #adopt} returns a new future, like {@code copy()}: completing or cancelling it does
 *       not complete or cancel the adopted one.
 * </ul>
 *
 * <p>Thread-safety: as {@code CompletableFuture}; every method may be called from any thread.
 *
 * @param <T> the result type
 */
public class ContextCompletableFuture<T extends @Nullable Object> extends CompletableFuture<T> {

  /** CompletableFuture's own choice: the common pool, unless it cannot run tasks in parallel. */
  private static final Executor ASYNC_POOL =
      ForkJoinPool.getCommonPoolParallelism() > 1
          ? ForkJoinPool.commonPool()
          : new ThreadPerTaskExecutor();

  private static final Executor CONTEXT_ASYNC_POOL = ContextExecutors.wrap(ASYNC_POOL);

  /** A new, incomplete future. */
  public ContextCompletableFuture() {}

  // ---------------------------------------------------------------------------------------------
  // Factories

  /**
   * A future completed by {@code supplier} on the default async pool, in a copy of the caller's
   * context.
   */
  public static <U extends @Nullable Object> ContextCompletableFuture<U> supplyAsync(
      Supplier<U> supplier) {
    return supplyAsync(supplier, ASYNC_POOL);
  }

  /**
   * A future completed by {@code supplier} on {@code executor}, in a copy of the caller's context.
   */
  public static <U extends @Nullable Object> ContextCompletableFuture<U> supplyAsync(
      Supplier<U> supplier, Executor executor) {
    return new ContextCompletableFuture<U>().completeAsync(supplier, executor);
  }

  /**
   * A future completed after {@code action} ran on the default async pool, in a copy of the
   * caller's context: its sets never reach the caller.
   */
  public static ContextCompletableFuture<@Nullable Void> runAsync(Runnable action) {
    return runAsync(action, ASYNC_POOL);
  }

  /**
   * A future completed after {@code action} ran on {@code executor}, in a copy of the caller's
   * context: its sets never reach the caller.
   */
  public static ContextCompletableFuture<@Nullable Void> runAsync(
      Runnable action, Executor executor) {
    Objects.requireNonNull(action, "action must not be null");
    return new ContextCompletableFuture<@Nullable Void>()
        .completeAsync(
            () -> {
              action.run();
              return null;
            },
            executor);
  }

  /** A future already completed with {@code value}. */
  public static <U extends @Nullable Object> ContextCompletableFuture<U> completedFuture(U value) {
    ContextCompletableFuture<U> future = new ContextCompletableFuture<>();
    future.relay(value, null);
    return future;
  }

  /** A future already completed exceptionally with {@code failure}. */
  public static <U extends @Nullable Object> ContextCompletableFuture<U> failedFuture(
      Throwable failure) {
    Objects.requireNonNull(failure, "failure must not be null");
    ContextCompletableFuture<U> future = new ContextCompletableFuture<>();
    future.relay(null, failure);
    return future;
  }

  /** A stage already completed with {@code value}, which cannot be completed by its holders. */
  public static <U extends @Nullable Object> CompletionStage<U> completedStage(U value) {
    return completedFuture(value).minimalCompletionStage();
  }

  /** A stage already completed exceptionally, which cannot be completed by its holders. */
  public static <U extends @Nullable Object> CompletionStage<U> failedStage(Throwable failure) {
    return ContextCompletableFuture.<U>failedFuture(failure).minimalCompletionStage();
  }

  /** Like {@link CompletableFuture#allOf}, returning a future whose stages propagate context. */
  public static ContextCompletableFuture<@Nullable Void> allOf(CompletableFuture<?>... futures) {
    return adopt(CompletableFuture.allOf(futures));
  }

  /** Like {@link CompletableFuture#anyOf}, returning a future whose stages propagate context. */
  public static ContextCompletableFuture<@Nullable Object> anyOf(CompletableFuture<?>... futures) {
    return adopt(CompletableFuture.anyOf(futures));
  }

  /**
   * A future that completes as {@code stage} does, with the same value or the same exception, and
   * whose dependent stages propagate context. Use it for futures made by code you do not control.
   * A {@code ContextCompletableFuture} is returned as it is.
   *
   * <p>Completing or cancelling the returned future does not affect {@code stage}.
   */
  @SuppressWarnings("unchecked")
  public static <U extends @Nullable Object> ContextCompletableFuture<U> adopt(
      CompletionStage<U> stage) {
    Objects.requireNonNull(stage, "stage must not be null");
    if (stage instanceof ContextCompletableFuture && !(stage instanceof MinimalStage)) {
      return (ContextCompletableFuture<U>) stage;
    }
    ContextCompletableFuture<U> adopted = new ContextCompletableFuture<>();
    if (stage instanceof ContextCompletableFuture) {
      ((ContextCompletableFuture<U>) stage).whenDone(adopted::relay);
    } else {
      stage.whenComplete(adopted::relay);
    }
    return adopted;
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing that CompletableFuture calls on Java 9 and later

  /** A new incomplete {@code ContextCompletableFuture}; {@code CompletableFuture} makes stages with it. */
  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> newIncompleteFuture() {
    return new ContextCompletableFuture<>();
  }

  /** The default async pool, wrapped so that tasks run in a copy of their submitter's context. */
  @Override
  public Executor defaultExecutor() {
    return CONTEXT_ASYNC_POOL;
  }

  @Override
  public ContextCompletableFuture<T> toCompletableFuture() {
    return this;
  }

  /**
   * A new future completed normally with this future's value, or exceptionally with a {@link
   * CompletionException} whose cause is this future's exception.
   */
  @Override
  public ContextCompletableFuture<T> copy() {
    ContextCompletableFuture<T> copy = newIncompleteFuture();
    whenDone((value, failure) -> copy.relay(value, failure == null ? null : asCompletion(failure)));
    return copy;
  }

  /** A stage completed as this future is, which cannot be completed or cancelled by its holders. */
  @Override
  public CompletionStage<T> minimalCompletionStage() {
    MinimalStage<T> stage = new MinimalStage<>();
    whenDone((value, failure) -> stage.relay(value, failure == null ? null : asCompletion(failure)));
    return stage;
  }

  /**
   * Completes this future with the result of {@code supplier}, run on {@code executor} in a copy of
   * the caller's context, unless the future is completed first.
   */
  @Override
  public ContextCompletableFuture<T> completeAsync(
      Supplier<? extends T> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier must not be null");
    Objects.requireNonNull(executor, "executor must not be null");
    executor.execute(Context.wrapCurrent(() -> completeWith(supplier)));
    return this;
  }

  /** Like {@link #completeAsync(Supplier, Executor)}, on the default async pool. */
  @Override
  public ContextCompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    return completeAsync(supplier, ASYNC_POOL);
  }

  // ---------------------------------------------------------------------------------------------
  // Dependent stages: each function is bound to the context current at this call.

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> thenApply(
      Function<? super T, ? extends U> fn) {
    return own(super.thenApply(StageFunctions.<T, U>function(fn)));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn) {
    return own(super.thenApplyAsync(StageFunctions.<T, U>function(fn), ASYNC_POOL));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    return own(super.thenApplyAsync(StageFunctions.<T, U>function(fn), executor));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> thenAccept(Consumer<? super T> action) {
    return own(super.thenAccept(StageFunctions.<T>consumer(action)));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> thenAcceptAsync(Consumer<? super T> action) {
    return own(super.thenAcceptAsync(StageFunctions.<T>consumer(action), ASYNC_POOL));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> thenAcceptAsync(
      Consumer<? super T> action, Executor executor) {
    return own(super.thenAcceptAsync(StageFunctions.<T>consumer(action), executor));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> thenRun(Runnable action) {
    return own(super.thenRun(StageFunctions.runnable(action)));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> thenRunAsync(Runnable action) {
    return own(super.thenRunAsync(StageFunctions.runnable(action), ASYNC_POOL));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> thenRunAsync(
      Runnable action, Executor executor) {
    return own(super.thenRunAsync(StageFunctions.runnable(action), executor));
  }

  @Override
  public <U extends @Nullable Object, V extends @Nullable Object>
      ContextCompletableFuture<V> thenCombine(
          CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return own(super.thenCombine(other, StageFunctions.<T, U, V>biFunction(fn)));
  }

  @Override
  public <U extends @Nullable Object, V extends @Nullable Object>
      ContextCompletableFuture<V> thenCombineAsync(
          CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return own(super.thenCombineAsync(other, StageFunctions.<T, U, V>biFunction(fn), ASYNC_POOL));
  }

  @Override
  public <U extends @Nullable Object, V extends @Nullable Object>
      ContextCompletableFuture<V> thenCombineAsync(
          CompletionStage<? extends U> other,
          BiFunction<? super T, ? super U, ? extends V> fn,
          Executor executor) {
    return own(super.thenCombineAsync(other, StageFunctions.<T, U, V>biFunction(fn), executor));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<@Nullable Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return own(super.thenAcceptBoth(other, StageFunctions.<T, U>biConsumer(action)));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<@Nullable Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return own(
        super.thenAcceptBothAsync(other, StageFunctions.<T, U>biConsumer(action), ASYNC_POOL));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<@Nullable Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return own(super.thenAcceptBothAsync(other, StageFunctions.<T, U>biConsumer(action), executor));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> runAfterBoth(
      CompletionStage<?> other, Runnable action) {
    return own(super.runAfterBoth(other, StageFunctions.runnable(action)));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action) {
    return own(super.runAfterBothAsync(other, StageFunctions.runnable(action), ASYNC_POOL));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return own(super.runAfterBothAsync(other, StageFunctions.runnable(action), executor));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return own(super.applyToEither(other, StageFunctions.<T, U>function(fn)));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return own(super.applyToEitherAsync(other, StageFunctions.<T, U>function(fn), ASYNC_POOL));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return own(super.applyToEitherAsync(other, StageFunctions.<T, U>function(fn), executor));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return own(super.acceptEither(other, StageFunctions.<T>consumer(action)));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return own(super.acceptEitherAsync(other, StageFunctions.<T>consumer(action), ASYNC_POOL));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return own(super.acceptEitherAsync(other, StageFunctions.<T>consumer(action), executor));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> runAfterEither(
      CompletionStage<?> other, Runnable action) {
    return own(super.runAfterEither(other, StageFunctions.runnable(action)));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action) {
    return own(super.runAfterEitherAsync(other, StageFunctions.runnable(action), ASYNC_POOL));
  }

  @Override
  public ContextCompletableFuture<@Nullable Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return own(super.runAfterEitherAsync(other, StageFunctions.runnable(action), executor));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return own(super.thenCompose(StageFunctions.<T, CompletionStage<U>>function(fn)));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return own(
        super.thenComposeAsync(StageFunctions.<T, CompletionStage<U>>function(fn), ASYNC_POOL));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return own(
        super.thenComposeAsync(StageFunctions.<T, CompletionStage<U>>function(fn), executor));
  }

  @Override
  public ContextCompletableFuture<T> whenComplete(
      BiConsumer<? super T, ? super Throwable> action) {
    return own(super.whenComplete(StageFunctions.<T, Throwable>biConsumer(action)));
  }

  @Override
  public ContextCompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action) {
    return own(
        super.whenCompleteAsync(StageFunctions.<T, Throwable>biConsumer(action), ASYNC_POOL));
  }

  @Override
  public ContextCompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    return own(super.whenCompleteAsync(StageFunctions.<T, Throwable>biConsumer(action), executor));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> handle(
      BiFunction<? super T, Throwable, ? extends U> fn) {
    return own(super.handle(StageFunctions.<T, Throwable, U>biFunction(fn)));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn) {
    return own(super.handleAsync(StageFunctions.<T, Throwable, U>biFunction(fn), ASYNC_POOL));
  }

  @Override
  public <U extends @Nullable Object> ContextCompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return own(super.handleAsync(StageFunctions.<T, Throwable, U>biFunction(fn), executor));
  }

  @Override
  public ContextCompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return own(super.exceptionally(StageFunctions.<Throwable, T>function(fn)));
  }

  // The exceptionally* variants below are Java 12 methods. They are written on top of the Java 8
  // API, because calling super would not run on Android API 24.

  /** Like {@link #exceptionally}, running {@code fn} on the default async pool. */
  @Override
  public ContextCompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return exceptionallyAsync(fn, ASYNC_POOL);
  }

  /** Like {@link #exceptionally}, running {@code fn} on {@code executor}. */
  @Override
  public ContextCompletableFuture<T> exceptionallyAsync(
      Function<Throwable, ? extends T> fn, Executor executor) {
    Function<Throwable, T> inContext = StageFunctions.function(fn);
    Objects.requireNonNull(executor, "executor must not be null");
    ContextCompletableFuture<T> next = newIncompleteFuture();
    whenDone(
        (value, failure) -> {
          if (failure == null) {
            next.relay(value, null);
          } else {
            next.runOn(executor, () -> next.relay(inContext.apply(failure), null));
          }
        });
    return next;
  }

  /**
   * When this future fails, the result of the stage that {@code fn} returns for the exception;
   * otherwise this future's value.
   */
  @Override
  public ContextCompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    Function<Throwable, CompletionStage<T>> inContext = StageFunctions.function(fn);
    ContextCompletableFuture<T> next = newIncompleteFuture();
    whenDone(
        (value, failure) -> {
          if (failure == null) {
            next.relay(value, null);
          } else {
            next.completeFrom(() -> inContext.apply(failure));
          }
        });
    return next;
  }

  /** Like {@link #exceptionallyCompose}, running {@code fn} on the default async pool. */
  @Override
  public ContextCompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return exceptionallyComposeAsync(fn, ASYNC_POOL);
  }

  /** Like {@link #exceptionallyCompose}, running {@code fn} on {@code executor}. */
  @Override
  public ContextCompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    Function<Throwable, CompletionStage<T>> inContext = StageFunctions.function(fn);
    Objects.requireNonNull(executor, "executor must not be null");
    ContextCompletableFuture<T> next = newIncompleteFuture();
    whenDone(
        (value, failure) -> {
          if (failure == null) {
            next.relay(value, null);
          } else {
            next.runOn(executor, () -> next.completeFrom(() -> inContext.apply(failure)));
          }
        });
    return next;
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  /**
   * On Java 9 and later {@code CompletableFuture} builds stages with {@link #newIncompleteFuture},
   * so they are already ours; on Java 8-level runtimes they are plain, and a relay makes them ours.
   */
  @SuppressWarnings("unchecked")
  private <U extends @Nullable Object> ContextCompletableFuture<U> own(
      CompletableFuture<U> stage) {
    if (stage instanceof ContextCompletableFuture) {
      return (ContextCompletableFuture<U>) stage;
    }
    ContextCompletableFuture<U> owned = newIncompleteFuture();
    stage.whenComplete(owned::relay);
    return owned;
  }

  /** Registers a raw completion callback: no context capture, for relays that run no user code. */
  final void whenDone(BiConsumer<? super T, ? super Throwable> callback) {
    super.whenComplete(callback);
  }

  /**
   * Completes this future with an outcome taken from another stage, exactly as it was stored there.
   * Goes around the public completion methods, which a minimal stage disables.
   */
  final void relay(@Nullable T value, @Nullable Throwable failure) {
    if (failure == null) {
      super.complete(value);
    } else {
      super.completeExceptionally(failure);
    }
  }

  private void completeWith(Supplier<? extends T> supplier) {
    if (super.isDone()) {
      return;
    }
    try {
      relay(supplier.get(), null);
    } catch (Throwable failure) {
      relay(null, asCompletion(failure));
    }
  }

  /** Completes this future as the stage made by {@code source} completes. */
  private void completeFrom(Supplier<? extends CompletionStage<T>> source) {
    try {
      CompletionStage<T> stage =
          Objects.requireNonNull(source.get(), "exceptionallyCompose function returned null");
      stage.whenComplete(
          (value, failure) -> relay(value, failure == null ? null : asCompletion(failure)));
    } catch (Throwable failure) {
      relay(null, asCompletion(failure));
    }
  }

  /** Runs {@code action} on {@code executor}; this future fails with whatever goes wrong. */
  private void runOn(Executor executor, Runnable action) {
    try {
      executor.execute(
          () -> {
            try {
              action.run();
            } catch (Throwable failure) {
              relay(null, asCompletion(failure));
            }
          });
    } catch (Throwable rejected) {
      relay(null, asCompletion(rejected));
    }
  }

  /** Exceptions thrown by a stage's function are stored wrapped, as CompletableFuture does. */
  private static Throwable asCompletion(Throwable failure) {
    return failure instanceof CompletionException ? failure : new CompletionException(failure);
  }

  private static final class ThreadPerTaskExecutor implements Executor {
    @Override
    public void execute(Runnable task) {
      new Thread(Objects.requireNonNull(task, "task must not be null")).start();
    }
  }

  /**
   * What {@link #minimalCompletionStage()} returns: stages still work and are minimal too, but
   * completing, cancelling and reading the result are refused, as in {@code CompletableFuture}'s
   * own minimal stage. {@code toCompletableFuture()} gives a full, independent future.
   */
  private static final class MinimalStage<T extends @Nullable Object>
      extends ContextCompletableFuture<T> {

    @Override
    public <U extends @Nullable Object> ContextCompletableFuture<U> newIncompleteFuture() {
      return new MinimalStage<>();
    }

    @Override
    public ContextCompletableFuture<T> toCompletableFuture() {
      ContextCompletableFuture<T> full = new ContextCompletableFuture<>();
      whenDone(
          (value, failure) -> full.relay(value, failure == null ? null : asCompletion(failure)));
      return full;
    }

    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException(
          "a minimal completion stage cannot be completed, cancelled or read;"
              + " call toCompletableFuture() for a future that can");
    }

    @Override
    public T get() {
      throw refused();
    }

    @Override
    public T get(long timeout, TimeUnit unit) {
      throw refused();
    }

    @Override
    public T getNow(T valueIfAbsent) {
      throw refused();
    }

    @Override
    public T join() {
      throw refused();
    }

    /** Overrides {@code CompletableFuture.resultNow()} on Java 19 and later. */
    public T resultNow() {
      throw refused();
    }

    /** Overrides {@code CompletableFuture.exceptionNow()} on Java 19 and later. */
    public Throwable exceptionNow() {
      throw refused();
    }

    @Override
    public boolean complete(T value) {
      throw refused();
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
      throw refused();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      throw refused();
    }

    @Override
    public void obtrudeValue(T value) {
      throw refused();
    }

    @Override
    public void obtrudeException(Throwable failure) {
      throw refused();
    }

    @Override
    public boolean isDone() {
      throw refused();
    }

    @Override
    public boolean isCancelled() {
      throw refused();
    }

    @Override
    public boolean isCompletedExceptionally() {
      throw refused();
    }

    @Override
    public int getNumberOfDependents() {
      throw refused();
    }

    @Override
    public ContextCompletableFuture<T> completeAsync(
        Supplier<? extends T> supplier, Executor executor) {
      throw refused();
    }

    @Override
    public ContextCompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
      throw refused();
    }

    @Override
    public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
      throw refused();
    }

    @Override
    public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
      throw refused();
    }
  }
}
