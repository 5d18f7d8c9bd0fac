package org.contextvars.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.contextvars.ContextLeak;
import org.contextvars.LeakCheck;

/**
 * The default {@link LeakCheck.Listener}: a warning per finding through {@code java.util.logging},
 * which Android has too (unlike {@code System.Logger}) and which every logging backend can bridge.
 */
public final class LoggingLeakListener implements LeakCheck.Listener {

  public static final LoggingLeakListener INSTANCE = new LoggingLeakListener();

  private static final Logger LOGGER = Logger.getLogger("org.contextvars.LeakCheck");

  private LoggingLeakListener() {}

  @Override
  public void onLeak(ContextLeak leak) {
    LOGGER.log(Level.WARNING, leak.message(), leak.setSite());
  }

  @Override
  public String toString() {
    return "LeakCheck.loggingListener()";
  }
}
