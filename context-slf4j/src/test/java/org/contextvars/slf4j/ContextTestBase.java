package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** Every test must leave the test thread in an empty context and an empty MDC. */
@Timeout(120)
abstract class ContextTestBase {
  static final boolean STRESS = Boolean.getBoolean("contextvars.stress");

  @AfterEach
  void testThreadIsBackToAnEmptyContext() {
    Context left = Context.copyCurrent();
    assertThat(left.isEmpty()).as("the test left %s", left).isTrue();
    MDC.clear();
  }
}
