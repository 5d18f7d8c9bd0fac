package org.contextvars.examples.requestid;

import org.contextvars.ContextVar;

/** The id of the request being handled, readable by any code that runs on its behalf. */
final class RequestId {

  /** Set by {@link RequestIdFilter} for the length of one request; unbound outside requests. */
  static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  /** The header that carries a request id in, and back out in the response. */
  static final String HEADER = "X-Request-Id";

  private RequestId() {}

  /**
   * How a step reports, in the response, which request id it saw: {@code "step id"}. The response
   * lets a client check every step, as the log lets a reader do.
   */
  static String seenBy(String step) {
    return step + " " + REQUEST_ID.get();
  }
}
