package org.contextvars.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import org.contextvars.Context;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test through JUnit's extension auto-detection: a test must start and end on
 * a thread with an empty context and no OpenTelemetry baggage current.
 */
public final class EmptyContextAfterEach implements BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeEach(ExtensionContext context) {
    assertClean("before the test");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertClean("after the test");
  }

  private static void assertClean(String when) {
    assertThat(Context.copyCurrent().toMap()).as("context of the test thread " + when).isEmpty();
    assertThat(Baggage.current().asMap()).as("OpenTelemetry baggage of the test thread " + when).isEmpty();
  }
}
