package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-thread state's entry point for test harnesses: {@link ThreadState#discardAll} starts a
 * thread that a test left dirty over, clean, whatever it was inside.
 */
class ThreadStateTest {

  private static final ContextVar<String> A = ContextVar.of("a");

  private final List<ContextLeak> reports = new CopyOnWriteArrayList<>();
  private LeakCheck.Listener previousListener;

  @BeforeEach
  void collectReports() {
    previousListener = LeakCheck.setListener(reports::add);
  }

  @AfterEach
  void restoreListener() {
    LeakCheck.setListener(previousListener);
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
      FreshThread.apply(scopes, ThreadStateTest::discardInsideTwoRuns);
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
