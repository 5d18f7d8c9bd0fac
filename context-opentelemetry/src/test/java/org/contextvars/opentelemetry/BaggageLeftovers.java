package org.contextvars.opentelemetry;

import io.opentelemetry.api.baggage.Baggage;
import org.contextvars.testing.ThreadLeftovers;

/** OpenTelemetry baggage left current on a thread. */
public final class BaggageLeftovers implements ThreadLeftovers {

  @Override
  public String describe() {
    return Baggage.current().isEmpty() ? "" : "baggage " + Baggage.current().asMap();
  }

  /** Nothing to do: OpenTelemetry offers no way to close a leaked scope from outside it. */
  @Override
  public void clear() {}
}
