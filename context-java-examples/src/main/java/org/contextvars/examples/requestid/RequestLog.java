package org.contextvars.examples.requestid;

import static org.contextvars.examples.requestid.RequestId.REQUEST_ID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SLF4J logger that starts every line with the current request's id, {@code [id] message}, read
 * from {@link RequestId#REQUEST_ID}. Callers never pass the id.
 */
final class RequestLog {

  private final Logger logger;

  private RequestLog(Logger logger) {
    this.logger = logger;
  }

  static RequestLog of(Class<?> owner) {
    return new RequestLog(LoggerFactory.getLogger(owner));
  }

  void info(String message) {
    logger.info("[{}] {}", REQUEST_ID.orElse("no request"), message);
  }
}
