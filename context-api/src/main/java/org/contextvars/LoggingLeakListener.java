package org.contextvars;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default {@link LeakCheck.Listener}: a warning through {@code java.util.logging}, which Android
 * has too (unlike {@code System.Logger}) and which every logging backend can bridge.
 *
 * <p>A leak in a loop would log a stack trace per task, so each place that leaks is logged once:
 * findings are keyed by kind, variable and the innermost frames of their set site. Listeners
 * installed with {@link LeakCheck#setListener} still receive every finding.
 */
final class LoggingLeakListener implements LeakCheck.Listener {

  static final LoggingLeakListener INSTANCE = new LoggingLeakListener();

  private static final Logger LOGGER = Logger.getLogger("org.contextvars.LeakCheck");

  /** Enough frames to tell call sites apart without keeping whole stacks. */
  private static final int SITE_FRAMES = 8;

  /** Past this many distinct sites, memory matters more than repetition: log everything. */
  private static final int MAX_REMEMBERED_SITES = 10_000;

  private final Set<String> loggedSites = ConcurrentHashMap.newKeySet();

  private LoggingLeakListener() {}

  @Override
  public void onLeak(ContextLeak leak) {
    String site = siteKey(leak);
    if (loggedSites.size() < MAX_REMEMBERED_SITES && !loggedSites.add(site)) {
      return;
    }
    LOGGER.log(
        Level.WARNING,
        leak.message()
            + (leak.kind() == ContextLeak.Kind.MISMATCHED_EXIT
                ? " (logged once per place)"
                : " (logged once per place that sets the variable)"),
        leak.setSite());
  }

  private static String siteKey(ContextLeak leak) {
    Throwable setSite = leak.setSite();
    StackTraceElement[] frames =
        setSite == null ? new StackTraceElement[0] : setSite.getStackTrace();
    ContextVar<?> var = leak.var();
    return leak.kind()
        + " "
        + (var == null ? "" : var.name() + "@" + System.identityHashCode(var))
        + " "
        + Arrays.toString(Arrays.copyOf(frames, Math.min(SITE_FRAMES, frames.length)));
  }

  @Override
  public String toString() {
    return "LeakCheck.loggingListener()";
  }
}
