package org.contextvars.slf4j;

import java.util.Map;
import org.contextvars.testing.ThreadLeftovers;
import org.slf4j.MDC;

/** The SLF4J MDC of a thread, which the shared clean-thread check also inspects. */
public final class MdcLeftovers implements ThreadLeftovers {
  @Override
  public String describe() {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    return mdc == null || mdc.isEmpty() ? "" : "MDC " + mdc;
  }

  @Override
  public void clear() {
    MDC.clear();
  }
}
