package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.contextvars.ContextLeak.Kind.MISMATCHED_EXIT;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-thread frame stack: contexts come back in the right order through deep nesting and its
 * growth, a thread keeps nothing reachable from frames that closed, so an idle pooled thread does
 * not hold a finished task's or coroutine's values, and a harness can start a dirty thread over.
 */
class ThreadStateTest {

  private static final ContextVar<Object> PAYLOAD = ContextVar.of("payload");
  private static final ContextVar<Integer> LEVEL = ContextVar.of("level", -1);

  @Test
  void deeplyNestedRunsEachSeeTheirOwnContextAndUnwindInOrder() {
    List<Integer> seenOnTheWayOut = new ArrayList<>();
    nest(0, 40, seenOnTheWayOut);
    // 40 levels grow the stack several times; every level saw its own value after its inner run.
    assertThat(seenOnTheWayOut).hasSize(40);
    for (int i = 0; i < 40; i++) {
      assertThat(seenOnTheWayOut.get(i)).isEqualTo(39 - i);
    }
    assertThat(LEVEL.get()).isEqualTo(-1);
  }

  private static void nest(int level, int levels, List<Integer> seenOnTheWayOut) {
    if (level == levels) {
      return;
    }
    new Context()
        .with(LEVEL, level)
        .run(
            () -> {
              nest(level + 1, levels, seenOnTheWayOut);
              seenOnTheWayOut.add(LEVEL.get());
            });
  }

  @Test
  void siblingRunsAtTheSameDepthEachGetBackTheirCaller() {
    Context outer = new Context().with(LEVEL, 0);
    outer.run(
        () -> {
          new Context().with(LEVEL, 1).run(() -> assertThat(LEVEL.get()).isEqualTo(1));
          assertThat(LEVEL.get()).isEqualTo(0);
          LEVEL.set(10);
          new Context().with(LEVEL, 2).run(() -> assertThat(LEVEL.get()).isEqualTo(2));
          assertThat(LEVEL.get()).isEqualTo(10);
        });
    assertThat(LEVEL.get()).isEqualTo(-1);
    assertThat(outer.get(LEVEL)).isEqualTo(10);
  }

  @Test
  void aCoroutineResumedInsideARunGetsTheRunsContextBackWhenItSuspends() {
    Context run = new Context().with(LEVEL, 1);
    Context coroutine = new Context().with(LEVEL, 2);
    run.run(
        () -> {
          Context replaced = ContextSwitch.resume(coroutine);
          new Context().with(LEVEL, 3).run(() -> assertThat(LEVEL.get()).isEqualTo(3));
          assertThat(LEVEL.get()).isEqualTo(2);
          ContextSwitch.suspend(coroutine, replaced);
          assertThat(LEVEL.get()).isEqualTo(1);
          new Context().with(LEVEL, 4).run(() -> assertThat(LEVEL.get()).isEqualTo(4));
          assertThat(LEVEL.get()).isEqualTo(1);
        });
  }

  @Test
  void aThreadThatNeverOpensAFrameResumesAndSuspendsACoroutine() throws Exception {
    Context coroutine = new Context().with(LEVEL, 2);
    AtomicReference<Object> seen = new AtomicReference<>();
    // A new thread has no frame arrays yet: only a run, task or scope makes them.
    Thread thread =
        new Thread(
            () -> {
              Context replaced = ContextSwitch.resume(coroutine);
              int inside = LEVEL.get();
              ContextSwitch.suspend(coroutine, replaced);
              seen.set(inside + "," + LEVEL.get());
            });
    thread.setUncaughtExceptionHandler((t, e) -> seen.set(e));
    thread.start();
    thread.join();

    assertThat(seen.get()).isEqualTo("2,-1");
  }

  @Test
  void aPooledThreadKeepsNoValueOfAFinishedTaskReachable() throws Exception {
    Callable<WeakReference<?>> task =
        Context.copyCurrent()
            .wrap(
                () -> {
                  Object value = new byte[1 << 20];
                  PAYLOAD.set(value);
                  new Context().with(LEVEL, 1).run(() -> new Context().run(() -> {}));
                  return new WeakReference<>(value);
                });
    assertThat(aPooledThreadKeepsNothingOf(task)).isTrue();
  }

  @Test
  void aPooledThreadKeepsNoValueOfASuspendedCoroutineReachable() throws Exception {
    Callable<WeakReference<?>> coroutineRun =
        () -> {
          Object value = new byte[1 << 20];
          Context coroutine = new Context().with(PAYLOAD, value);
          Context replaced = ContextSwitch.resume(coroutine);
          // A run inside the coroutine leaves the coroutine's context current again when it
          // closes; the suspension must not leave it behind.
          new Context().run(() -> {});
          ContextSwitch.suspend(coroutine, replaced);
          return new WeakReference<>(value);
        };
    assertThat(aPooledThreadKeepsNothingOf(coroutineRun)).isTrue();
  }

  @Test
  void aPooledThreadKeepsNoValueOfATaskThatEndedWithAScopeStillOpen() throws Exception {
    List<ContextLeak> reports = new CopyOnWriteArrayList<>();
    LeakCheck.Listener previousListener = LeakCheck.setListener(reports::add);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<WeakReference<?>> taskValue = new AtomicReference<>();
      AtomicReference<WeakReference<?>> scopeValue = new AtomicReference<>();
      Future<?> forgetful =
          pool.submit(
              new Context()
                  .wrap(
                      (Runnable)
                          () -> {
                            Object inTask = new byte[1 << 20];
                            PAYLOAD.set(inTask);
                            taskValue.set(new WeakReference<>(inTask));
                            Object inScope = new byte[1 << 20];
                            ContextSwitch.enter(new Context().with(PAYLOAD, inScope));
                            scopeValue.set(new WeakReference<>(inScope));
                          }));
      assertThatThrownBy(() -> forgetful.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class);
      // The task's end closed the scope with it: neither frame keeps its context reachable.
      assertThat(collected(taskValue.get())).as("the task's value").isTrue();
      assertThat(collected(scopeValue.get())).as("the scope's value").isTrue();
      assertThat(reports).hasSize(1);
    } finally {
      LeakCheck.setListener(previousListener);
      pool.shutdownNow();
    }
  }

  /**
   * Runs {@code task} on a one-thread pool and tells whether the value it returns a weak reference
   * to is collected while that thread stays alive and idle.
   */
  private static boolean aPooledThreadKeepsNothingOf(Callable<WeakReference<?>> task)
      throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      return collected(pool.submit(task).get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int attempt = 0; attempt < 50 && reference.get() != null; attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    return reference.get() == null;
  }

  @Nested
  class SwappedOverAFrame {

    @RegisterExtension final LeakReports reports = new LeakReports();

    @Test
    void aRunThatEndsWhileACoroutineContextIsSwappedInIsStillFoundAndReleased() {
      Context run = new Context().with(LEVEL, 1);
      Context coroutine = new Context().with(LEVEL, 2);

      // The coroutine resumes inside the run and never suspends: the run's frame must still know
      // its own context, though that was current, not stored, when the swap came.
      assertThatThrownBy(() -> run.run(() -> ContextSwitch.resume(coroutine)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("left " + run.describe() + " (run)")
          .hasMessageContaining("while " + coroutine.describe() + " was current");

      assertThat(reports).singleElement().extracting(ContextLeak::kind).isEqualTo(MISMATCHED_EXIT);
      assertThat(LEVEL.get()).isEqualTo(-1);
      run.run(() -> assertThat(LEVEL.get()).isEqualTo(1));
    }
  }

  /**
   * The entry point for test harnesses: {@link ThreadState#discardAll} starts a thread that a test
   * left dirty over, clean, whatever it was inside.
   */
  @Nested
  class DiscardAll {

    private static final ContextVar<String> A = ContextVar.of("a");

    @RegisterExtension final LeakReports reports = new LeakReports();

    @Test
    void aDiscardedThreadKeepsNoValueOfTheScopesItWasIn() throws Exception {
      Callable<WeakReference<?>> leftInScopes =
          () -> {
            Object value = new byte[1 << 20];
            ContextSwitch.enter(new Context().with(PAYLOAD, value));
            ContextSwitch.enter(new Context());
            ThreadState.get().discardAll();
            return new WeakReference<>(value);
          };
      assertThat(aPooledThreadKeepsNothingOf(leftInScopes)).isTrue();
    }

    @Test
    void discardingAThreadLeftInScopesStartsItOverEmpty() {
      Context scope = new Context().with(A, "scope");
      ContextSwitch.enter(new Context().with(A, "older scope"));
      ContextSwitch.enter(scope);
      A.set("set in the scope");

      ThreadState.get().discardAll();

      assertThat(A.isBound()).isFalse();
      assertThat(ContextSwitch.isEntered(scope)).isFalse();
      assertThat(ContextSwitch.isCurrent(scope)).isFalse();
      assertThat(scope.get(A)).as("the discarded context itself is untouched")
          .isEqualTo("set in the scope");
      assertThatThrownBy(() -> ContextSwitch.leave(scope))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("it is not entered on this thread");
    }

    /**
     * A harness may discard a thread that is still inside runs, at any depth of runs and scopes:
     * every context the thread ran is released, so another thread can run it, and each run's own
     * end then finds its frame gone and says so without changing anything.
     */
    @Test
    void discardingAThreadInsideRunsReleasesEveryRunAtAnyDepth() throws Exception {
      for (int scopes = 0; scopes <= 40; scopes++) {
        // A new thread per depth: each starts from a thread that never held more frames.
        FreshThread.apply(scopes, DiscardAll::discardInsideTwoRuns);
      }
    }

    private static Void discardInsideTwoRuns(int scopes) {
      Context outer = new Context().with(A, "outer");
      Context inner = new Context().with(A, "inner");
      AtomicReference<String> afterDiscard = new AtomicReference<>();
      assertThatThrownBy(
              () ->
                  outer.run(
                      () ->
                          inner.run(
                              () -> {
                                for (int i = 0; i < scopes; i++) {
                                  ContextSwitch.enter(new Context().with(A, "scope " + i));
                                }
                                ThreadState.get().discardAll();
                                afterDiscard.set(A.orElse("unbound"));
                              })))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot leave " + inner.describe() + " (run)")
          .satisfies(
              thrown ->
                  assertThat(thrown.getSuppressed())
                      .singleElement()
                      .satisfies(
                          outerEnd ->
                              assertThat(outerEnd)
                                  .hasMessageContaining(
                                      "cannot leave " + outer.describe() + " (run)")));

      assertThat(afterDiscard).hasValue("unbound");
      assertThat(A.isBound()).isFalse();
      assertThat(runsElsewhere(outer)).as("outer released, %d scopes", scopes).isEqualTo("outer");
      assertThat(runsElsewhere(inner)).as("inner released, %d scopes", scopes).isEqualTo("inner");
      outer.run(() -> inner.run(() -> assertThat(A.get()).isEqualTo("inner")));
      return null;
    }

    private static String runsElsewhere(Context context) {
      try {
        return FreshThread.apply(0, ignored -> context.supply(A::get));
      } catch (AssertionError e) {
        return String.valueOf(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
