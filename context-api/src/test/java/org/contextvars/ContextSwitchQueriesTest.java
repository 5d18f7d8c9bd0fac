package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The delicate door's queries: which context is current, and whether two share their bindings. */
class ContextSwitchQueriesTest {

  private static final ContextVar<String> USER = ContextVar.of("user");

  @Test
  void isCurrentHoldsExactlyWhileTheContextRuns() {
    Context context = new Context();
    assertThat(ContextSwitch.isCurrent(context)).isFalse();
    assertThat(context.supply(() -> ContextSwitch.isCurrent(context))).isTrue();
    assertThat(context.supply(() -> ContextSwitch.isCurrent(context.copy()))).isFalse();
    assertThat(ContextSwitch.isCurrent(context)).isFalse();
  }

  @Test
  void sameBindingsHoldsForCopiesUntilOneChanges() {
    Context context = new Context().with(USER, "alice");
    Context copy = context.copy();
    assertThat(ContextSwitch.sameBindings(context, copy)).isTrue();
    assertThat(ContextSwitch.sameBindings(context, new Context().with(USER, "alice"))).isFalse();
    copy.run(() -> USER.set("bob"));
    assertThat(ContextSwitch.sameBindings(context, copy)).isFalse();
  }

  @Test
  void isEnteredFindsTheOldestScopeUnderAFullStackOfScopes() {
    // Eight frames reach the per-thread stack's first capacity, so a search that starts past the
    // newest frame would read outside the frames.
    Context[] scopes = new Context[8];
    for (int i = 0; i < scopes.length; i++) {
      scopes[i] = new Context();
      ContextSwitch.enter(scopes[i]);
    }
    try {
      assertThat(ContextSwitch.isEntered(scopes[0])).isTrue();
      assertThat(ContextSwitch.isEntered(scopes[7])).isTrue();
      assertThat(ContextSwitch.isEntered(new Context())).isFalse();
    } finally {
      for (int i = scopes.length - 1; i >= 0; i--) {
        ContextSwitch.leave(scopes[i]);
      }
    }
    assertThat(ContextSwitch.isEntered(scopes[0])).isFalse();
  }
}
