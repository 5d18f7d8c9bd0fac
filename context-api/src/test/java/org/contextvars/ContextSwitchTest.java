package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scopes and coroutine switches through the delicate door: closing any scope of a stack out of
 * order, a scope whose context a coroutine swapped away, and suspensions that close exactly the
 * scopes opened inside the suspending coroutine.
 */
class ContextSwitchTest {

  private static final ContextVar<String> A = ContextVar.of("a");

  @RegisterExtension final LeakReports reports = new LeakReports();

  private static Context holding(String value) {
    return new Context().with(A, value);
  }

  /**
   * For every stack height up to well past the first growth of the per-thread stack, and every
   * scope in it: closing that scope early takes out only it, and the others then close newest
   * first, each returning to the scope below it, the early one skipped.
   */
  @Test
  void anyScopeOfAStackClosedEarlyIsTakenOutAloneAndTheRestCloseInOrder() throws Exception {
    int outOfOrder = 0;
    for (int height = 1; height <= 40; height++) {
      // A new thread per height: every height starts from a thread that never held more frames.
      outOfOrder += FreshThread.apply(height, ContextSwitchTest::closeEachScopeEarly);
    }
    assertThat(reports).hasSize(outOfOrder);
  }

  @Test
  void aScopeClosedEarlyInsideARunLeavesTheRunToEndCleanlyAndBeEnteredAgain() {
    Context scope = holding("scope");
    Context run = holding("run");
    ContextSwitch.enter(scope);

    run.run(
        () ->
            assertThatThrownBy(() -> ContextSwitch.leave(scope))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed the scope of " + scope.describe()));

    // The run's frame moved down into the scope's place and kept its ownership, so it ended
    // without a second report and released its context.
    assertThat(reports).hasSize(1);
    assertThat(A.orElse("none")).isEqualTo("none");
    run.run(() -> assertThat(A.get()).isEqualTo("run"));
  }

  private static int closeEachScopeEarly(int height) {
    int outOfOrder = 0;
    for (int early = 0; early < height; early++) {
      Context[] scopes = new Context[height];
      for (int i = 0; i < height; i++) {
        scopes[i] = holding("scope " + i);
        ContextSwitch.enter(scopes[i]);
      }
      String newest = "scope " + (height - 1);
      if (early == height - 1) {
        ContextSwitch.leave(scopes[early]);
      } else {
        int closed = early;
        assertThatThrownBy(() -> ContextSwitch.leave(scopes[closed]))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed the scope of " + scopes[early].describe());
        outOfOrder++;
        assertThat(A.get()).as("the newest scope stays current").isEqualTo(newest);
        assertThat(ContextSwitch.isEntered(scopes[early])).isFalse();
      }
      for (int i = height - 1; i >= 0; i--) {
        if (i == early) {
          continue;
        }
        assertThat(A.get()).isEqualTo("scope " + i);
        ContextSwitch.leave(scopes[i]);
        int below = i - 1 == early ? i - 2 : i - 1;
        assertThat(A.orElse("none"))
            .as("height %d, scope %d closed early, after closing %d", height, early, i)
            .isEqualTo(below < 0 ? "none" : "scope " + below);
      }
      assertThat(A.isBound()).isFalse();
    }
    return outOfOrder;
  }

  @Test
  void closingTheNewestScopeWhileACoroutineHasSwappedItAwayPutsTheThreadBackBeforeIt() {
    Context scope = holding("scope");
    Context coroutine = holding("coroutine");
    ContextSwitch.enter(scope);
    ContextSwitch.resume(coroutine);

    assertThatThrownBy(() -> ContextSwitch.leave(scope))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("left " + scope.describe() + " (scope)")
        .hasMessageContaining("while " + coroutine.describe() + " was current")
        .hasMessageContaining("no scope was opened inside it");

    assertThat(A.isBound()).as("back in the context from before the scope").isFalse();
    assertThat(ContextSwitch.isEntered(scope)).isFalse();
    assertThat(reports).hasSize(1);
  }

  @Test
  void aCoroutineSuspendingWithNestedScopesOpenClosesAllOfThem() {
    Context coroutine = holding("coroutine");
    Context outerScope = holding("outer scope");
    Context innerScope = holding("inner scope");
    Context previous = ContextSwitch.resume(coroutine);
    ContextSwitch.enter(outerScope);
    ContextSwitch.enter(innerScope);

    ContextSwitch.suspend(coroutine, previous);

    assertThat(A.isBound()).isFalse();
    assertThat(ContextSwitch.isEntered(outerScope)).isFalse();
    assertThat(ContextSwitch.isEntered(innerScope)).isFalse();
    assertThat(reports).singleElement().satisfies(report -> assertThat(report.message())
        .contains("a coroutine running in " + coroutine.describe())
        .contains(innerScope.describe() + ", " + outerScope.describe()));
  }

  /**
   * Coroutine libraries may suspend an outer coroutine before an inner one that resumed on top of
   * it. The inner coroutine's scope is not the outer's to close, and the outer's scope lies under
   * it: the outer suspension closes neither, and the inner one's suspension later closes its own.
   */
  @Test
  void aCoroutineSuspendingUnderAScopeItDidNotOpenClosesNothing() {
    Context outer = holding("outer coroutine");
    Context outerScope = holding("outer scope");
    Context inner = holding("inner coroutine");
    Context innerScope = holding("inner scope");
    Context beforeOuter = ContextSwitch.resume(outer);
    ContextSwitch.enter(outerScope);
    Context beforeInner = ContextSwitch.resume(inner);
    ContextSwitch.enter(innerScope);

    ContextSwitch.suspend(outer, beforeOuter);

    assertThat(reports).isEmpty();
    assertThat(ContextSwitch.isEntered(outerScope)).isTrue();
    assertThat(ContextSwitch.isEntered(innerScope)).isTrue();
    assertThat(A.isBound()).as("the outer suspension put back what it replaced").isFalse();

    ContextSwitch.suspend(inner, beforeInner);
    assertThat(ContextSwitch.isEntered(innerScope)).isFalse();
    assertThat(A.get()).isEqualTo("outer scope");
    assertThat(reports).singleElement().satisfies(report -> assertThat(report.message())
        .contains("a coroutine running in " + inner.describe())
        .contains(innerScope.describe())
        .doesNotContain(outerScope.describe()));

    ContextSwitch.leave(outerScope);
    // The outer coroutine's context was what the scope replaced; put the thread's own back.
    ContextSwitch.resume(beforeOuter);
    assertThat(A.isBound()).isFalse();
  }
}
