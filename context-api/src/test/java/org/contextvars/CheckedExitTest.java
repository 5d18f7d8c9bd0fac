package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leaving a context that is not the thread's current one, through every way a context is left:
 * the end of {@code run}, of a wrapped task, a bridge scope's close ({@link ContextSwitch#leave})
 * and a coroutine's suspension ({@link ContextSwitch#suspend}). Each is detected, reported, and
 * leaves the thread in the documented state; no context stays current or owned after the code
 * that entered it is gone.
 */
class CheckedExitTest {

  private static final ContextVar<String> A = ContextVar.of("a");

  @RegisterExtension final LeakReports reports = new LeakReports();

  private static Context holding(String value) {
    return new Context().with(A, value);
  }

  @Test
  void aScopeOpenedInsideRunAndLeftOpenIsClosedWithItAndRunThrows() throws Exception {
    Context ctx = holding("ctx");
    Context scope = holding("scope");

    assertThatThrownBy(() -> ctx.run(() -> ContextSwitch.enter(scope)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("left " + ctx.describe() + " (run)")
        .hasMessageContaining("while " + scope.describe() + " was current")
        .hasMessageContaining(Thread.currentThread().getName());

    assertThat(A.isBound()).as("the thread is back in its own context").isFalse();
    assertThat(ContextSwitch.isEntered(scope)).isFalse();
    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.kind()).isEqualTo(ContextLeak.Kind.MISMATCHED_EXIT);
      assertThat(report.var()).isNull();
      assertThat(report.message()).contains(ctx.describe(), scope.describe());
    });
    // ctx was released: another thread can run it now, while this thread never shares it.
    AtomicReference<String> seen = new AtomicReference<>();
    Thread other = new Thread(() -> ctx.run(() -> seen.set(A.get())));
    other.start();
    other.join();
    assertThat(seen).hasValue("ctx");

    // The scope's own close comes too late: nothing is changed, and it says so.
    assertThatThrownBy(() -> ContextSwitch.leave(scope))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot leave " + scope.describe())
        .hasMessageContaining("nothing was changed");
    assertThat(A.isBound()).isFalse();
    assertThat(reports).hasSize(2);
  }

  @Test
  void aScopeOpenedBeforeRunAndClosedInsideItIsTakenOutWhileRunKeepsItsContext() {
    Context ctx = holding("ctx");
    Context scope = holding("scope");
    ContextSwitch.enter(scope);
    ctx.run(() -> {
      assertThatThrownBy(() -> ContextSwitch.leave(scope))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed the scope of " + scope.describe())
          .hasMessageContaining(ctx.describe() + ", entered after it, was still current");
      assertThat(A.get()).isEqualTo("ctx");
      A.set("set after the close");
    });
    assertThat(ctx.get(A)).as("the set landed in the running context").isEqualTo("set after the close");
    assertThat(A.isBound()).as("run returns to the context from before the scope").isFalse();
    assertThat(scope.get(A)).isEqualTo("scope");
    assertThat(reports).hasSize(1);
  }

  @Test
  void scopesClosedOldestFirstEndInTheContextFromBeforeBoth() {
    Context first = holding("first");
    Context second = holding("second");
    ContextSwitch.enter(first);
    ContextSwitch.enter(second);
    assertThatThrownBy(() -> ContextSwitch.leave(first)).isInstanceOf(IllegalStateException.class);
    assertThat(A.get()).as("the newer scope stays current").isEqualTo("second");
    ContextSwitch.leave(second);
    assertThat(A.isBound()).isFalse();
    assertThat(reports).hasSize(1);
  }

  @Test
  void aScopeClosedOnAThreadWithItsOwnScopeChangesNothingThere() throws Exception {
    Context mine = holding("mine");
    ContextSwitch.enter(mine);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<String> afterwards = new AtomicReference<>();
    Thread other = new Thread(() -> {
      Context theirs = holding("theirs");
      ContextSwitch.enter(theirs);
      try {
        ContextSwitch.leave(mine);
      } catch (IllegalStateException e) {
        failure.set(e);
      }
      afterwards.set(A.get());
      ContextSwitch.leave(theirs);
    });
    other.start();
    other.join();
    assertThat(failure.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("it is not entered on this thread");
    assertThat(afterwards).hasValue("theirs");
    assertThat(A.get()).isEqualTo("mine");
    ContextSwitch.leave(mine);
    assertThat(A.isBound()).isFalse();
  }

  @Test
  void closingAScopeTwiceThrowsTheSecondTimeAndChangesNothing() {
    Context scope = holding("scope");
    ContextSwitch.enter(scope);
    ContextSwitch.leave(scope);
    try (Token<String> token = A.set("after")) {
      assertThatThrownBy(() -> ContextSwitch.leave(scope))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("nothing was changed");
      assertThat(A.get()).isEqualTo("after");
    }
  }

  @Test
  void aWrappedTaskThatForgetsAScopeFailsAndLeavesThePoolThreadClean() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ExecutorService wrapped = ContextExecutors.wrap(pool);
      Future<?> forgetful;
      try (Token<String> token = A.set("submitter")) {
        forgetful = wrapped.submit(() -> ContextSwitch.enter(holding("forgotten")));
      }
      assertThatThrownBy(forgetful::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("(task)")
          .hasMessageContaining("1 scope(s) opened inside it and never closed");
      assertThat(pool.submit(() -> A.isBound()).get()).as("the pool thread afterwards").isFalse();
      assertThat(reports).hasSize(1);
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void anExceptionFromTheActionPropagatesWithTheMismatchSuppressed() {
    Context ctx = new Context();
    IllegalArgumentException failure = new IllegalArgumentException("from the action");
    assertThatThrownBy(() -> ctx.run(() -> {
      ContextSwitch.enter(holding("scope"));
      throw failure;
    }))
        .isSameAs(failure)
        .satisfies(thrown -> assertThat(thrown.getSuppressed())
            .singleElement()
            .isInstanceOf(IllegalStateException.class));
    assertThat(A.isBound()).isFalse();
  }

  @Test
  void callAndSupplyCheckTheirExitsToo() {
    Context ctx = new Context();
    assertThatThrownBy(() -> ctx.supply(() -> ContextSwitch.enter(holding("s"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(run)");
    assertThatThrownBy(() -> ctx.call(() -> ContextSwitch.enter(holding("c"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(run)");
    assertThat(A.isBound()).isFalse();
    ctx.run(() -> {}); // released both times
  }

  @Test
  void aCoroutineSuspendingWithAScopeOpenClosesItWithoutThrowing() {
    Context coroutine = holding("coroutine");
    Context scope = holding("scope");
    Context previous = ContextSwitch.resume(coroutine);
    ContextSwitch.enter(scope);
    ContextSwitch.suspend(coroutine, previous);

    assertThat(A.isBound()).isFalse();
    assertThat(ContextSwitch.isEntered(scope)).isFalse();
    assertThat(reports).singleElement().satisfies(report -> assertThat(report.message())
        .contains("a coroutine running in " + coroutine.describe())
        .contains(scope.describe()));
  }

  @Test
  void aCoroutineSuspendingCleanlyIsNotReported() {
    Context coroutine = holding("coroutine");
    Context previous = ContextSwitch.resume(coroutine);
    Context scope = holding("scope");
    ContextSwitch.enter(scope);
    ContextSwitch.leave(scope);
    new Context().run(() -> assertThat(A.isBound()).isFalse());
    ContextSwitch.suspend(coroutine, previous);
    assertThat(A.isBound()).isFalse();
    assertThat(reports).isEmpty();
  }

  @Test
  void aScopeOpenedOutsideACoroutineSurvivesItsSuspension() {
    Context scope = holding("scope");
    ContextSwitch.enter(scope);
    Context coroutine = holding("coroutine");
    Context previous = ContextSwitch.resume(coroutine);
    ContextSwitch.suspend(coroutine, previous);
    assertThat(A.get()).isEqualTo("scope");
    ContextSwitch.leave(scope);
    assertThat(reports).isEmpty();
  }

  @Test
  void nestedRunsLeftInOrderAreNeverReported() {
    Context outer = holding("outer");
    Context inner = holding("inner");
    outer.run(() -> inner.run(() -> {
      Context scope = holding("scope");
      ContextSwitch.enter(scope);
      ContextSwitch.leave(scope);
    }));
    assertThat(reports).isEmpty();
  }

  @Test
  void theDoorRejectsNulls() {
    assertThatThrownBy(() -> ContextSwitch.enter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("context");
    assertThatThrownBy(() -> ContextSwitch.leave(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("context");
    assertThatThrownBy(() -> ContextSwitch.resume(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("context");
  }
}
