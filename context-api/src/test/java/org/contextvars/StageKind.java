package org.contextvars;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Every way to add a dependent stage to a {@code CompletableFuture}, as a table for parameterized
 * tests. Each entry creates one stage on {@code source} whose function calls {@code body} and
 * produces a value derived from the source's.
 */
final class StageKind {

  /** What a stage needs besides its source. */
  static final class Inputs {
    final Executor executor;
    /** Already completed with "other": stages on both sources fire when the source completes. */
    final CompletableFuture<String> otherDone = CompletableFuture.completedFuture("other");
    /** Never completed: stages on either source fire when the source completes. */
    final CompletableFuture<String> otherPending = new CompletableFuture<>();

    Inputs(Executor executor) {
      this.executor = executor;
    }
  }

  @FunctionalInterface
  interface Factory {
    CompletableFuture<?> create(CompletableFuture<String> source, Inputs in, Runnable body);
  }

  final String name;
  /** Whether the stage's function runs only when the source fails. */
  final boolean onFailure;
  /** Whether the stage's function runs on an executor rather than on the completing thread. */
  final boolean async;

  private final Factory factory;

  private StageKind(String name, boolean onFailure, Factory factory) {
    this.name = name;
    this.onFailure = onFailure;
    this.async = name.contains("Async");
    this.factory = factory;
  }

  CompletableFuture<?> create(CompletableFuture<String> source, Inputs in, Runnable body) {
    return factory.create(source, in, body);
  }

  @Override
  public String toString() {
    return name;
  }

  static final List<StageKind> ALL = all();

  private static List<StageKind> all() {
    List<StageKind> k = new ArrayList<>();
    k.add(ok("thenApply", (s, in, b) -> s.thenApply(v -> run(b, v + "!"))));
    k.add(ok("thenApplyAsync", (s, in, b) -> s.thenApplyAsync(v -> run(b, v + "!"))));
    k.add(ok("thenApplyAsync(executor)",
        (s, in, b) -> s.thenApplyAsync(v -> run(b, v + "!"), in.executor)));
    k.add(ok("thenAccept", (s, in, b) -> s.thenAccept(v -> b.run())));
    k.add(ok("thenAcceptAsync", (s, in, b) -> s.thenAcceptAsync(v -> b.run())));
    k.add(ok("thenAcceptAsync(executor)",
        (s, in, b) -> s.thenAcceptAsync(v -> b.run(), in.executor)));
    k.add(ok("thenRun", (s, in, b) -> s.thenRun(b)));
    k.add(ok("thenRunAsync", (s, in, b) -> s.thenRunAsync(b)));
    k.add(ok("thenRunAsync(executor)", (s, in, b) -> s.thenRunAsync(b, in.executor)));
    k.add(ok("thenCombine",
        (s, in, b) -> s.thenCombine(in.otherDone, (v, o) -> run(b, v + o))));
    k.add(ok("thenCombineAsync",
        (s, in, b) -> s.thenCombineAsync(in.otherDone, (v, o) -> run(b, v + o))));
    k.add(ok("thenCombineAsync(executor)",
        (s, in, b) -> s.thenCombineAsync(in.otherDone, (v, o) -> run(b, v + o), in.executor)));
    k.add(ok("thenAcceptBoth", (s, in, b) -> s.thenAcceptBoth(in.otherDone, (v, o) -> b.run())));
    k.add(ok("thenAcceptBothAsync",
        (s, in, b) -> s.thenAcceptBothAsync(in.otherDone, (v, o) -> b.run())));
    k.add(ok("thenAcceptBothAsync(executor)",
        (s, in, b) -> s.thenAcceptBothAsync(in.otherDone, (v, o) -> b.run(), in.executor)));
    k.add(ok("runAfterBoth", (s, in, b) -> s.runAfterBoth(in.otherDone, b)));
    k.add(ok("runAfterBothAsync", (s, in, b) -> s.runAfterBothAsync(in.otherDone, b)));
    k.add(ok("runAfterBothAsync(executor)",
        (s, in, b) -> s.runAfterBothAsync(in.otherDone, b, in.executor)));
    k.add(ok("applyToEither",
        (s, in, b) -> s.applyToEither(in.otherPending, v -> run(b, v + "!"))));
    k.add(ok("applyToEitherAsync",
        (s, in, b) -> s.applyToEitherAsync(in.otherPending, v -> run(b, v + "!"))));
    k.add(ok("applyToEitherAsync(executor)",
        (s, in, b) -> s.applyToEitherAsync(in.otherPending, v -> run(b, v + "!"), in.executor)));
    k.add(ok("acceptEither", (s, in, b) -> s.acceptEither(in.otherPending, v -> b.run())));
    k.add(ok("acceptEitherAsync",
        (s, in, b) -> s.acceptEitherAsync(in.otherPending, v -> b.run())));
    k.add(ok("acceptEitherAsync(executor)",
        (s, in, b) -> s.acceptEitherAsync(in.otherPending, v -> b.run(), in.executor)));
    k.add(ok("runAfterEither", (s, in, b) -> s.runAfterEither(in.otherPending, b)));
    k.add(ok("runAfterEitherAsync", (s, in, b) -> s.runAfterEitherAsync(in.otherPending, b)));
    k.add(ok("runAfterEitherAsync(executor)",
        (s, in, b) -> s.runAfterEitherAsync(in.otherPending, b, in.executor)));
    k.add(ok("thenCompose",
        (s, in, b) -> s.thenCompose(v -> run(b, CompletableFuture.completedFuture(v + "!")))));
    k.add(ok("thenComposeAsync",
        (s, in, b) -> s.thenComposeAsync(v -> run(b, CompletableFuture.completedFuture(v + "!")))));
    k.add(ok("thenComposeAsync(executor)",
        (s, in, b) -> s.thenComposeAsync(
            v -> run(b, CompletableFuture.completedFuture(v + "!")), in.executor)));
    k.add(ok("whenComplete", (s, in, b) -> s.whenComplete((v, x) -> b.run())));
    k.add(ok("whenCompleteAsync", (s, in, b) -> s.whenCompleteAsync((v, x) -> b.run())));
    k.add(ok("whenCompleteAsync(executor)",
        (s, in, b) -> s.whenCompleteAsync((v, x) -> b.run(), in.executor)));
    k.add(ok("handle", (s, in, b) -> s.handle((v, x) -> run(b, v + "/" + x))));
    k.add(ok("handleAsync", (s, in, b) -> s.handleAsync((v, x) -> run(b, v + "/" + x))));
    k.add(ok("handleAsync(executor)",
        (s, in, b) -> s.handleAsync((v, x) -> run(b, v + "/" + x), in.executor)));
    k.add(failing("whenComplete on failure", (s, in, b) -> s.whenComplete((v, x) -> b.run())));
    k.add(failing("handle on failure",
        (s, in, b) -> s.handle((v, x) -> run(b, "handled " + x.getClass().getSimpleName()))));
    k.add(failing("exceptionally", (s, in, b) -> s.exceptionally(x -> run(b, "recovered"))));
    k.add(failing("exceptionallyAsync",
        (s, in, b) -> s.exceptionallyAsync(x -> run(b, "recovered"))));
    k.add(failing("exceptionallyAsync(executor)",
        (s, in, b) -> s.exceptionallyAsync(x -> run(b, "recovered"), in.executor)));
    k.add(failing("exceptionallyCompose",
        (s, in, b) -> s.exceptionallyCompose(
            x -> run(b, CompletableFuture.completedFuture("recovered")))));
    k.add(failing("exceptionallyComposeAsync",
        (s, in, b) -> s.exceptionallyComposeAsync(
            x -> run(b, CompletableFuture.completedFuture("recovered")))));
    k.add(failing("exceptionallyComposeAsync(executor)",
        (s, in, b) -> s.exceptionallyComposeAsync(
            x -> run(b, CompletableFuture.completedFuture("recovered")), in.executor)));
    return Collections.unmodifiableList(k);
  }

  private static StageKind ok(String name, Factory factory) {
    return new StageKind(name, false, factory);
  }

  private static StageKind failing(String name, Factory factory) {
    return new StageKind(name, true, factory);
  }

  private static <R> R run(Runnable body, R result) {
    body.run();
    return result;
  }
}
