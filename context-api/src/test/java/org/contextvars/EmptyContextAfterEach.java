package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test through JUnit's extension auto-detection: a test must start and end on
 * a thread whose current context is empty, so a test that forgets to reset a token fails itself
 * instead of poisoning the next one.
 */
public final class EmptyContextAfterEach implements BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeEach(ExtensionContext context) {
    assertThat(Context.copyCurrent().toMap())
        .as("context of the test thread before the test")
        .isEmpty();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Context left = Context.copyCurrent();
    // Clear it first, so one leaking test fails alone instead of every test after it.
    ThreadState.get().discardAll();
    assertThat(left.toMap()).as("context of the test thread after the test").isEmpty();
  }
}
