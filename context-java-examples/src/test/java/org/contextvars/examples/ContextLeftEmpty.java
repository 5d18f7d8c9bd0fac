package org.contextvars.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.contextvars.Context;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test that leaves any binding in the test thread's context. */
public final class ContextLeftEmpty implements AfterEachCallback {

  @Override
  public void afterEach(ExtensionContext extension) {
    assertThat(Context.copyCurrent().toMap())
        .as("the test thread's context after %s", extension.getDisplayName())
        .isEmpty();
  }
}
