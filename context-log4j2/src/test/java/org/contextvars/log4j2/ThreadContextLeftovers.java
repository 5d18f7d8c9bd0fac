package org.contextvars.log4j2;

import org.apache.logging.log4j.ThreadContext;
import org.contextvars.testing.ThreadLeftovers;

/** Log4j's own per-thread map and stack, which the shared clean-thread check also inspects. */
public final class ThreadContextLeftovers implements ThreadLeftovers {
  @Override
  public String describe() {
    if (ThreadContext.isEmpty() && ThreadContext.getDepth() == 0) {
      return "";
    }
    return "ThreadContext " + ThreadContext.getImmutableContext() + " stack depth "
        + ThreadContext.getDepth();
  }

  @Override
  public void clear() {
    ThreadContext.clearAll();
  }
}
