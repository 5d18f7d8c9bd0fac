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
}
