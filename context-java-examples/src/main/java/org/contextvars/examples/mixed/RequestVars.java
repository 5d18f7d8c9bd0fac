package org.contextvars.examples.mixed;

import org.contextvars.ContextVar;

/** The values a request carries, read by Java and Kotlin code alike. */
public final class RequestVars {

  /** The customer the request works for. Unbound outside a request. */
  public static final ContextVar<String> TENANT = ContextVar.of("tenant");

  /** The id that ties together everything done for one request. Unbound outside a request. */
  public static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  private RequestVars() {}
}
