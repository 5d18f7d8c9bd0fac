package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.contextvars.testing.PoolProbe;

class ContextCompletableFutureTest {

  private static final int SCALE = Boolean.getBoolean("contextvars.stress") ? 20 : 1;

  private static final ContextVar<String> USER = ContextVar.of("user");
  private static final ContextVar<String> SCRATCH = ContextVar.of("scratch");

  private final ExecutorService completer = Executors.newSingleThreadExecutor();
  private final ExecutorService asyncPool = Executors.newFixedThreadPool(2);

  @AfterEach
  void poolThreadsAreClean() throws Exception {
    try {
      PoolProbe.assertEveryThreadClean(completer, 1);
      PoolProbe.assertEveryThreadClean(asyncPool, 2);
    } finally {
      PoolProbe.shutDown(completer);
      PoolProbe.shutDown(asyncPool);
    }
  }

  static List<StageKind> stageKinds() {
    return StageKind.ALL;
  }

  /** A stage body that records the user it sees, then sets values that must stay in the stage. */
  private static Runnable recordingInto(Queue<String> seen) {
    return () -> {
      seen.add(USER.orElse("<unbound>"));
      USER.set("set by the stage");
      SCRATCH.set("set by the stage");
    };
  }

  private static void complete(CompletableFuture<String> source, boolean fail) {
    if (fail) {
      source.completeExceptionally(new IllegalStateException("boom"));
    } else {
      source.complete("value");
    }
  }

  /**
   * Completes {@code source} on the completer thread while that thread holds a value of its own;
   * returns the completer's context right after, which must be exactly what it was before.
   */
  private Map<ContextVar<?>, Object> completeOnCompleter(
      CompletableFuture<String> source, boolean fail) throws Exception {
    return completer.submit(() -> {
      try (Token<String> token = USER.set("completer")) {
        complete(source, fail);
        return Context.copyCurrent().toMap();
      }
    }).get(10, TimeUnit.SECONDS);
  }

  private static void await(CompletableFuture<?> stage) throws Exception {
    try {
      stage.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException expectedForSomeKinds) {
      // Stages such as whenComplete on a failed source fail too; only completion matters here.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Every stage kind

  @ParameterizedTest(name = "{0}")
  @MethodSource("stageKinds")
  void stageRunsInItsCreatorsContextWhenAnotherThreadCompletesTheSource(StageKind kind)
      throws Exception {
    CompletableFuture<String> source = Handoff.newFuture();
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    CompletableFuture<?> stage;
    try (Token<String> token = USER.set("creator")) {
      stage = kind.create(source, new StageKind.Inputs(asyncPool), recordingInto(seen));
    }

    Map<ContextVar<?>, Object> completerAfter = completeOnCompleter(source, kind.onFailure);
    await(stage);

    assertThat(seen).containsExactly("creator");
    assertThat(completerAfter).containsExactly(entry(USER, "completer"));
    assertThat(stage).isInstanceOf(Handoff.futureType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stageKinds")
  void stageOnACompletedSourceRunsInItsCreatorsContextAndLeavesTheCreatorUnchanged(
      StageKind kind) throws Exception {
    CompletableFuture<String> source = Handoff.newFuture();
    complete(source, kind.onFailure);
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    try (Token<String> token = USER.set("creator")) {
      CompletableFuture<?> stage =
          kind.create(source, new StageKind.Inputs(asyncPool), recordingInto(seen));
      await(stage);
      assertThat(Context.copyCurrent().toMap()).containsExactly(entry(USER, "creator"));
    }
    assertThat(seen).containsExactly("creator");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stageKinds")
  void stagesOfAStageRunInTheContextOfTheirOwnCreators(StageKind kind) throws Exception {
    CompletableFuture<String> source = Handoff.newFuture();
    Queue<String> first = new ConcurrentLinkedQueue<>();
    Queue<String> second = new ConcurrentLinkedQueue<>();
    Queue<String> third = new ConcurrentLinkedQueue<>();
    CompletableFuture<?> last;
    try (Token<String> token = USER.set("first")) {
      CompletableFuture<?> stage =
          kind.create(source, new StageKind.Inputs(asyncPool), recordingInto(first));
      try (Token<String> inner = USER.set("second")) {
        CompletableFuture<?> next = stage.whenComplete((v, x) -> recordingInto(second).run());
        USER.set("third");
        last = next.handleAsync((v, x) -> {
          recordingInto(third).run();
          return v;
        }, asyncPool);
      }
    }

    completeOnCompleter(source, kind.onFailure);
    await(last);

    assertThat(first).containsExactly("first");
    assertThat(second).containsExactly("second");
    assertThat(third).containsExactly("third");
    assertThat(last).isInstanceOf(Handoff.futureType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stageKinds")
  void stageHasTheSameOutcomeAsOnAPlainCompletableFuture(StageKind kind) throws Exception {
    Runnable nothing = () -> {};
    assertThat(outcome(kind, Handoff.newFuture(), nothing))
        .isEqualTo(outcome(kind, new CompletableFuture<>(), nothing));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stageKinds")
  void stageWhoseFunctionThrowsHasTheSameOutcomeAsOnAPlainCompletableFuture(StageKind kind)
      throws Exception {
    Runnable setThenThrow = () -> {
      USER.set("set before throwing");
      throw new IllegalArgumentException("stage failed");
    };
    // A plain future would leave the value set before throwing on the completing thread.
    Runnable justThrow = () -> {
      throw new IllegalArgumentException("stage failed");
    };
    assertThat(outcome(kind, Handoff.newFuture(), setThenThrow))
        .isEqualTo(outcome(kind, new CompletableFuture<>(), justThrow));
  }

  /**
   * Everything observable about a stage's result, completed on the completer thread, which must get
   * its own context back.
   */
  private String outcome(StageKind kind, CompletableFuture<String> source, Runnable body)
      throws Exception {
    CompletableFuture<?> stage = kind.create(source, new StageKind.Inputs(asyncPool), body);
    Map<ContextVar<?>, Object> completerAfter = completeOnCompleter(source, kind.onFailure);
    assertThat(completerAfter).containsExactly(entry(USER, "completer"));
    StringBuilder out = new StringBuilder();
    try {
      out.append("get: ").append(stage.get(10, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      out.append("get threw ").append(chain(e));
    }
    try {
      out.append("; join: ").append(stage.join());
    } catch (CompletionException e) {
      out.append("; join threw ").append(chain(e));
    }
    out.append("; failed: ").append(stage.isCompletedExceptionally());
    out.append("; a dependent sees: ")
        .append(stage.handle((v, x) -> x == null ? "value " + v : chain(x)).get());
    return out.toString();
  }

  private static String chain(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable x = t; x != null; x = x.getCause()) {
      out.append(x.getClass().getSimpleName()).append('(').append(x.getMessage()).append(") ");
    }
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Under load

  @Test
  void concurrentRequestsChainingEveryStageKindEachSeeOnlyTheirOwnValue() throws Exception {
    ExecutorService requestThreads = Executors.newFixedThreadPool(4);
    ExecutorService completers = Executors.newFixedThreadPool(4);
    int requests = 100 * SCALE;
    Queue<String> mismatches = new ConcurrentLinkedQueue<>();
    AtomicInteger ran = new AtomicInteger();
    Queue<CompletableFuture<?>> stages = new ConcurrentLinkedQueue<>();
    List<Future<?>> submitted = new ArrayList<>();
    try {
      for (int r = 0; r < requests; r++) {
        String expected = "request-" + r;
        submitted.add(requestThreads.submit(() -> {
          try (Token<String> token = USER.set(expected)) {
            Runnable body = () -> {
              String actual = USER.orElse("<unbound>");
              if (!actual.equals(expected)) {
                mismatches.add(expected + " saw " + actual + " on " + Thread.currentThread());
              }
              ran.incrementAndGet();
              USER.set("junk from " + expected);
            };
            CompletableFuture<String> ok = Handoff.newFuture();
            CompletableFuture<String> failing = Handoff.newFuture();
            // Complete some sources before the stages exist (stages run at once, here) and the
            // rest while they are being added, from another thread.
            boolean early = ThreadLocalRandom.current().nextBoolean();
            Runnable completeBoth = () -> {
              complete(ok, false);
              complete(failing, true);
            };
            if (early) {
              completeBoth.run();
            } else {
              completers.execute(completeBoth);
            }
            StageKind.Inputs in = new StageKind.Inputs(asyncPool);
            for (StageKind kind : StageKind.ALL) {
              CompletableFuture<?> stage = kind.create(kind.onFailure ? failing : ok, in, body);
              stages.add(stage.whenComplete((v, x) -> body.run()));
            }
          }
        }));
      }
      for (Future<?> f : submitted) {
        f.get(30, TimeUnit.SECONDS);
      }
      for (CompletableFuture<?> stage : stages) {
        await(stage);
      }
      assertThat(mismatches).isEmpty();
      assertThat(ran.get()).isEqualTo(requests * StageKind.ALL.size() * 2);
      PoolProbe.assertEveryThreadClean(requestThreads, 4);
      PoolProbe.assertEveryThreadClean(completers, 4);
    } finally {
      PoolProbe.shutDown(requestThreads);
      PoolProbe.shutDown(completers);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Adopting foreign futures

  @Test
  void adoptedForeignFutureRunsStagesInTheirCreatorsContext() throws Exception {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    CompletableFuture<?> stage;
    try (Token<String> token = USER.set("alice")) {
      stage = Handoff.adopt(foreign).thenRun(recordingInto(seen));
    }
    assertThat(completeOnCompleter(foreign, false)).containsExactly(entry(USER, "completer"));
    await(stage);
    assertThat(seen).containsExactly("alice");
  }

  @Test
  @WrappersOnly
  void adoptedFutureMirrorsTheSourcesValueAndException() throws Exception {
    CompletableFuture<String> fine = new CompletableFuture<>();
    ContextCompletableFuture<String> adoptedFine = ContextCompletableFuture.adopt(fine);
    fine.complete("v");
    assertThat(adoptedFine.get()).isEqualTo("v");

    IOException failure = new IOException("disk");
    CompletableFuture<String> broken = new CompletableFuture<>();
    ContextCompletableFuture<String> adoptedBroken = ContextCompletableFuture.adopt(broken);
    broken.completeExceptionally(failure);
    assertThatThrownBy(adoptedBroken::get).isInstanceOf(ExecutionException.class).hasCause(failure);
    assertThatThrownBy(adoptedBroken::join)
        .isInstanceOf(CompletionException.class)
        .hasCause(failure);
    assertThat(adoptedBroken.exceptionally(x -> x.getClass().getSimpleName()).get())
        .isEqualTo(broken.exceptionally(x -> x.getClass().getSimpleName()).get())
        .isEqualTo("IOException");
  }

  @Test
  @WrappersOnly
  void adoptReturnsAContextFutureAsItIs() {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    assertThat(ContextCompletableFuture.adopt(future)).isSameAs(future);
  }

  @Test
  @WrappersOnly
  void adoptingAMinimalStageGivesAFutureThatCanBeCompleted() {
    CompletionStage<String> minimal = ContextCompletableFuture.completedStage("v");
    ContextCompletableFuture<String> adopted = ContextCompletableFuture.adopt(minimal);
    assertThat(adopted).isNotSameAs(minimal);
    assertThat(adopted.join()).isEqualTo("v");
    adopted.obtrudeValue("w");
    assertThat(adopted.join()).isEqualTo("w");
  }

  @Test
  @WrappersOnly
  void cancellingTheAdoptedFutureLeavesTheSourceAlone() {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    ContextCompletableFuture<String> adopted = ContextCompletableFuture.adopt(foreign);
    assertThat(adopted.cancel(true)).isTrue();
    assertThat(foreign.isDone()).isFalse();
    foreign.complete("late");
    assertThatThrownBy(adopted::join).isInstanceOf(CancellationException.class);
  }

  @Test
  @WrappersOnly
  void adoptRejectsNull() {
    assertThatThrownBy(() -> ContextCompletableFuture.adopt(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("stage must not be null");
  }

  // ---------------------------------------------------------------------------------------------
  // Factories

  @Test
  void supplyAndRunAsyncRunInACopyOfTheCallersContext() throws Exception {
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> futures = new ArrayList<>();
    try (Token<String> token = USER.set("alice")) {
      futures.add(Handoff.supplyAsync(() -> {
        recordingInto(seen).run();
        return "s";
      }));
      futures.add(Handoff.supplyAsync(() -> {
        recordingInto(seen).run();
        return "s";
      }, asyncPool));
      futures.add(Handoff.runAsync(recordingInto(seen)));
      futures.add(Handoff.runAsync(recordingInto(seen), asyncPool));
      for (CompletableFuture<?> future : futures) {
        future.get(10, TimeUnit.SECONDS);
      }
      assertThat(Context.copyCurrent().toMap()).containsExactly(entry(USER, "alice"));
    }
    assertThat(seen).containsExactly("alice", "alice", "alice", "alice");
  }

  @Test
  void supplyAsyncFailsLikeCompletableFuture() throws Exception {
    IllegalStateException failure = new IllegalStateException("no");
    CompletableFuture<Object> ours =
        Handoff.supplyAsync(() -> { throw failure; }, asyncPool);
    CompletableFuture<Object> plain =
        CompletableFuture.supplyAsync(() -> { throw failure; }, asyncPool);
    String oursSees = ours.handle((v, x) -> chain(x)).get(10, TimeUnit.SECONDS);
    String plainSees = plain.handle((v, x) -> chain(x)).get(10, TimeUnit.SECONDS);
    assertThat(oursSees).isEqualTo(plainSees).startsWith("CompletionException");
    assertThatThrownBy(ours::get).isInstanceOf(ExecutionException.class).hasCause(failure);
  }

  @Test
  void completedAndFailedFuturesPropagateToTheirStages() throws Exception {
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    try (Token<String> token = USER.set("bob")) {
      Handoff.completedFuture("v").thenRunAsync(recordingInto(seen), asyncPool)
          .get(10, TimeUnit.SECONDS);
      Handoff.<String>failedFuture(new IOException("x"))
          .exceptionallyAsync(x -> {
            recordingInto(seen).run();
            return "recovered";
          }, asyncPool)
          .get(10, TimeUnit.SECONDS);
    }
    assertThat(seen).containsExactly("bob", "bob");
  }

  @Test
  @WrappersOnly
  void failedFutureRejectsNull() {
    assertThatThrownBy(() -> ContextCompletableFuture.failedFuture(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("failure must not be null");
  }

  @Test
  void allOfAndAnyOfReturnContextFutures() throws Exception {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    CompletableFuture<?> all;
    CompletableFuture<?> any;
    try (Token<String> token = USER.set("carol")) {
      all = Handoff.allOf(a, b).thenRun(recordingInto(seen));
      any = Handoff.anyOf(a, b).thenAccept(v -> recordingInto(seen).run());
    }
    completeOnCompleter(a, false);
    await(any);
    completeOnCompleter(b, false);
    await(all);
    assertThat(seen).containsExactly("carol", "carol");
    assertThat(all).isInstanceOf(Handoff.futureType());
    assertThat(any).isInstanceOf(Handoff.futureType());
  }

  @Test
  @WrappersOnly
  void completedAndFailedStagesAreMinimal() {
    CompletionStage<String> done = ContextCompletableFuture.completedStage("v");
    CompletionStage<String> failed = ContextCompletableFuture.failedStage(new IOException("x"));
    assertThatThrownBy(() -> ((CompletableFuture<String>) done).complete("w"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(done.toCompletableFuture().join()).isEqualTo("v");
    assertThatThrownBy(() -> failed.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Java 9+ plumbing, implemented on the Java 8 API

  @Test
  void completeAsyncRunsTheSupplierInTheCallersContext() throws Exception {
    CompletableFuture<String> future = Handoff.newFuture();
    try (Token<String> token = USER.set("dave")) {
      assertThat(future.completeAsync(() -> USER.get(), asyncPool)).isSameAs(future);
    }
    assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("dave");

    CompletableFuture<String> onDefaultPool = Handoff.newFuture();
    try (Token<String> token = USER.set("erin")) {
      onDefaultPool.completeAsync(() -> USER.get());
    }
    assertThat(onDefaultPool.get(10, TimeUnit.SECONDS)).isEqualTo("erin");
  }

  @Test
  @WrappersOnly
  void completeAsyncDoesNotRunTheSupplierOnACompletedFuture() throws Exception {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    future.complete("first");
    AtomicBoolean called = new AtomicBoolean();
    CountDownLatch executed = new CountDownLatch(1);
    Executor tracking = task -> asyncPool.execute(() -> {
      task.run();
      executed.countDown();
    });
    future.completeAsync(() -> {
      called.set(true);
      return "second";
    }, tracking);
    assertThat(executed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(called).isFalse();
    assertThat(future.join()).isEqualTo("first");
  }

  @Test
  @WrappersOnly
  void completeAsyncRejectsNullWithoutScheduling() {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    assertThatThrownBy(() -> future.completeAsync(null, asyncPool))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("supplier must not be null");
    assertThatThrownBy(() -> future.completeAsync(() -> "v", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("executor must not be null");
    assertThat(future.isDone()).isFalse();
  }

  @Test
  void defaultExecutorRunsTasksInTheSubmittersContext() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    try (Token<String> token = USER.set("frank")) {
      Handoff.<String>newFuture().defaultExecutor().execute(() -> {
        seen.set(USER.get());
        ran.countDown();
      });
    }
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get()).isEqualTo("frank");
  }

  @Test
  @WrappersOnly
  void newIncompleteFutureAndCopyAreContextFutures() throws Exception {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    assertThat(future.<Integer>newIncompleteFuture())
        .isInstanceOf(ContextCompletableFuture.class)
        .isNotDone();
    ContextCompletableFuture<String> copy = future.copy();
    future.complete("v");
    assertThat(copy.get()).isEqualTo("v");
    assertThat(future.toCompletableFuture()).isSameAs(future);
  }

  @Test
  @WrappersOnly
  void copyFailsLikeCompletableFutureCopy() {
    IOException failure = new IOException("x");
    ContextCompletableFuture<String> ours = new ContextCompletableFuture<>();
    CompletableFuture<String> plain = new CompletableFuture<>();
    ContextCompletableFuture<String> ourCopy = ours.copy();
    CompletableFuture<String> plainCopy = plain.copy();
    ours.completeExceptionally(failure);
    plain.completeExceptionally(failure);
    assertThat(ourCopy.handle((v, x) -> chain(x)).join())
        .isEqualTo(plainCopy.handle((v, x) -> chain(x)).join())
        .startsWith("CompletionException");
  }

  @Test
  @WrappersOnly
  void minimalStageRefusesCompletionWithAMessage() {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    CompletionStage<String> minimal = future.minimalCompletionStage();
    CompletableFuture<String> asFuture = (CompletableFuture<String>) minimal;
    List<Function<CompletableFuture<String>, Object>> refused = List.of(
        f -> f.complete("x"),
        f -> f.completeExceptionally(new IOException()),
        f -> f.cancel(true),
        f -> {
          f.obtrudeValue("x");
          return null;
        },
        f -> {
          f.obtrudeException(new IOException());
          return null;
        },
        CompletableFuture::join,
        f -> f.getNow("x"),
        CompletableFuture::isDone,
        CompletableFuture::isCancelled,
        CompletableFuture::isCompletedExceptionally,
        CompletableFuture::getNumberOfDependents,
        f -> f.completeAsync(() -> "x"),
        f -> f.orTimeout(1, TimeUnit.SECONDS),
        f -> f.completeOnTimeout("x", 1, TimeUnit.SECONDS));
    for (Function<CompletableFuture<String>, Object> call : refused) {
      assertThatThrownBy(() -> call.apply(asFuture))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("toCompletableFuture()");
    }
    assertThatThrownBy(asFuture::get).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void stagesOfAMinimalStageAreMinimalAndRunInTheirCreatorsContext() throws Exception {
    CompletableFuture<String> future = Handoff.newFuture();
    CompletionStage<String> minimal = future.minimalCompletionStage();
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    CompletionStage<String> stage;
    try (Token<String> token = USER.set("grace")) {
      stage = minimal.thenApply(v -> {
        recordingInto(seen).run();
        return v + "!";
      });
    }
    assertThatThrownBy(() -> ((CompletableFuture<String>) stage).complete("x"))
        .as("stages of a minimal stage are minimal")
        .isInstanceOf(UnsupportedOperationException.class);
    completeOnCompleter(future, false);
    assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("value!");
    assertThat(seen).containsExactly("grace");
  }

  // ---------------------------------------------------------------------------------------------
  // Bad input

  @Test
  @WrappersOnly
  void nullFunctionsAreRejectedBeforeAnyStageIsAdded() {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    CompletableFuture<String> other = new CompletableFuture<>();
    assertRejected(() -> future.thenApply(null), "fn");
    assertRejected(() -> future.thenApplyAsync(null, asyncPool), "fn");
    assertRejected(() -> future.thenAccept(null), "action");
    assertRejected(() -> future.thenRun(null), "action");
    assertRejected(() -> future.thenCombine(other, null), "fn");
    assertRejected(() -> future.thenAcceptBoth(other, null), "action");
    assertRejected(() -> future.runAfterBoth(other, null), "action");
    assertRejected(() -> future.applyToEither(other, null), "fn");
    assertRejected(() -> future.acceptEither(other, null), "action");
    assertRejected(() -> future.runAfterEither(other, null), "action");
    assertRejected(() -> future.thenCompose(null), "fn");
    assertRejected(() -> future.whenComplete(null), "action");
    assertRejected(() -> future.handle(null), "fn");
    assertRejected(() -> future.exceptionally(null), "fn");
    assertRejected(() -> future.exceptionallyAsync(null), "fn");
    assertRejected(() -> future.exceptionallyAsync(x -> "v", null), "executor");
    assertRejected(() -> future.exceptionallyCompose(null), "fn");
    assertRejected(() -> future.exceptionallyComposeAsync(null), "fn");
    assertRejected(() -> future.exceptionallyComposeAsync(x -> other, null), "executor");
    assertRejected(() -> ContextCompletableFuture.supplyAsync(null), "supplier");
    assertRejected(() -> ContextCompletableFuture.runAsync(null), "action");
    assertThat(future.getNumberOfDependents()).isZero();
    assertThat(other.getNumberOfDependents()).isZero();
  }

  private static void assertRejected(Runnable call, String parameter) {
    assertThatThrownBy(call::run)
        .isInstanceOf(NullPointerException.class)
        .hasMessage(parameter + " must not be null");
  }

  @Test
  @WrappersOnly
  void rejectedExecutionOfAnAsyncRecoveryFailsTheStage() {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    Executor full = task -> {
      throw new RejectedExecutionException("full");
    };
    ContextCompletableFuture<String> recovered = future.exceptionallyAsync(x -> "r", full);
    ContextCompletableFuture<String> composed =
        future.exceptionallyComposeAsync(x -> CompletableFuture.completedFuture("r"), full);
    future.completeExceptionally(new IOException("x"));
    for (CompletableFuture<String> stage : List.of(recovered, composed)) {
      assertThatThrownBy(stage::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(RejectedExecutionException.class);
    }
  }

  @Test
  @WrappersOnly
  void exceptionallyComposeFunctionReturningNullFailsTheStage() {
    ContextCompletableFuture<String> future = new ContextCompletableFuture<>();
    ContextCompletableFuture<String> composed = future.exceptionallyCompose(x -> null);
    future.completeExceptionally(new IOException("x"));
    assertThatThrownBy(composed::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(NullPointerException.class);
  }
}
