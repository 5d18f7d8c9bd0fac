package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The slow paths of leaving a context: the end of a run or a wrapped task that finds another
 * context current, no frame of its own left, or its own context entered again above its frame.
 * Each ends in the documented state and names what it closed.
 */
class ContextExitsTest {

  private static final ContextVar<String> A = ContextVar.of("a");

  @RegisterExtension final LeakReports reports = new LeakReports();

  private static Context holding(String value) {
    return new Context().with(A, value);
  }

  private static String runElsewhere(Context context) throws InterruptedException {
    AtomicReference<String> seen = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                context.run(() -> seen.set(A.get()));
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    other.start();
    other.join();
    assertThat(failure.get()).as("running it on another thread").isNull();
    return seen.get();
  }

  @Test
  void aRunLeftWithAContextSwappedInAndNoScopeSaysSoAndPutsTheThreadBack() throws Exception {
    Context ctx = holding("ctx");
    Context swapped = holding("swapped in");

    assertThatThrownBy(() -> ctx.run(() -> ContextSwitch.resume(swapped)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("left " + ctx.describe() + " (run)")
        .hasMessageContaining("while " + swapped.describe() + " was current")
        .hasMessageContaining(
            "no scope was opened inside it, so another context was made current without a scope");

    assertThat(A.isBound()).as("the thread is back in its own context").isFalse();
    assertThat(reports).singleElement().satisfies(r -> assertThat(r.kind())
        .isEqualTo(ContextLeak.Kind.MISMATCHED_EXIT));
    assertThat(runElsewhere(ctx)).as("ctx was released").isEqualTo("ctx");
  }

  @Test
  void aRunWhoseFrameACoroutineSuspensionClosedThrowsAtItsEndAndChangesNothing() throws Exception {
    Context coroutine = holding("coroutine");
    Context ctx = holding("ctx");
    Context beforeCoroutine = ContextSwitch.resume(coroutine);
    AtomicReference<String> afterSuspension = new AtomicReference<>();

    // The coroutine suspends while a run it started is still going: the run's frame goes with it.
    assertThatThrownBy(
            () ->
                ctx.run(
                    () -> {
                      ContextSwitch.suspend(coroutine, beforeCoroutine);
                      afterSuspension.set(A.orElse("unbound"));
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot leave " + ctx.describe() + " (run)")
        .hasMessageContaining("it is not entered on this thread")
        .hasMessageContaining("nothing was changed");

    assertThat(afterSuspension).hasValue("unbound");
    assertThat(A.isBound()).isFalse();
    assertThat(reports)
        .extracting(ContextLeak::message)
        .satisfiesExactly(
            suspended -> assertThat(suspended)
                .contains("a coroutine running in " + coroutine.describe())
                .contains(ctx.describe()),
            leftLate -> assertThat(leftLate).contains("cannot leave " + ctx.describe()));
    assertThat(runElsewhere(ctx)).as("ctx was released with the suspension").isEqualTo("ctx");
  }

  @Test
  void aRunLeftWithTwoScopesOpenNamesBothNewestFirst() {
    Context ctx = holding("ctx");
    Context first = holding("first");
    Context second = holding("second");

    assertThatThrownBy(
            () ->
                ctx.run(
                    () -> {
                      ContextSwitch.enter(first);
                      ContextSwitch.enter(second);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            ": 2 scope(s) opened inside it and never closed were closed with it ("
                + second.describe()
                + ", "
                + first.describe()
                + "), and the thread is back in ");
    assertThat(A.isBound()).isFalse();
  }

  /**
   * A coroutine resumed inside a wrapped task is handed the task's own context as the one to put
   * back, and a scope entered with it sits above the task's frame holding the same context. The
   * task's end must close its own frame, not that newer one.
   */
  @Test
  void aWrappedTaskWhoseOwnContextIsEnteredAgainAboveItClosesItsOwnFrame() {
    Runnable task = holding("task").wrap(WrappedTaskReentersItsContext.INSTANCE);

    assertThatThrownBy(task::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(task)")
        .hasMessageContaining("1 scope(s) opened inside it and never closed were closed with it");

    assertThat(A.isBound()).isFalse();
    assertThat(reports).hasSize(1);
  }

  @Test
  void aWrappedTaskNestedInARunClosesItsOwnFrameWhenItsContextIsEnteredAgainAboveIt() {
    Context outer = holding("outer");
    Runnable task = holding("task").wrap(WrappedTaskReentersItsContext.INSTANCE);

    outer.run(
        () -> {
          assertThatThrownBy(task::run)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("(task)")
              .hasMessageContaining(
                  "1 scope(s) opened inside it and never closed were closed with it")
              .hasMessageContaining("the thread is back in " + outer.describe());
          assertThat(A.get()).as("the run goes on in its own context").isEqualTo("outer");
        });

    assertThat(A.isBound()).isFalse();
    assertThat(reports).hasSize(1);
  }

  /** Gets its own context from a coroutine resume, then enters it as a scope and never leaves. */
  private enum WrappedTaskReentersItsContext implements Runnable {
    INSTANCE;

    @Override
    public void run() {
      Context own = ContextSwitch.resume(holding("coroutine"));
      assertThat(own.get(A)).isEqualTo("task");
      ContextSwitch.enter(own);
    }
  }

  @Test
  void aWrappedTaskThatThrowsWithAScopeOpenKeepsItsExceptionWithTheMismatchAttached() {
    IllegalArgumentException failure = new IllegalArgumentException("from the task");
    Context scope = holding("scope");
    Runnable task =
        holding("task")
            .wrap(
                (Runnable)
                    () -> {
                      ContextSwitch.enter(scope);
                      throw failure;
                    });

    assertThatThrownBy(task::run)
        .isSameAs(failure)
        .satisfies(thrown -> assertThat(thrown.getSuppressed())
            .singleElement()
            .isInstanceOf(IllegalStateException.class)
            .satisfies(mismatch -> assertThat(mismatch.getMessage())
                .contains("(task)")
                .contains("closed with it (" + scope.describe() + ")")));
    assertThat(A.isBound()).isFalse();
    assertThat(ContextSwitch.isEntered(scope)).isFalse();
    assertThat(reports).hasSize(1);
  }
}
