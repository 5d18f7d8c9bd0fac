package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The default listener: one warning per place that leaks, keyed by kind, variable and set site, for
 * findings with a variable and for contexts left out of order, which have none.
 */
class LoggingLeakListenerTest {

  private static final LeakCheck.Listener LISTENER = LeakCheck.loggingListener();

  @Test
  void aContextLeftOutOfOrderIsLoggedOncePerPlace() {
    IllegalStateException mismatch = new IllegalStateException("left Context@1[a] (run) on ...");
    // The listener remembers places for the life of the JVM: make this one new on every run.
    mismatch.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("Caller", "leave" + UUID.randomUUID(), "Caller.java", 1)
        });
    ContextLeak leak = new ContextLeak("worker-1", mismatch);

    List<LogRecord> records = logged(leak, new ContextLeak("worker-2", mismatch));

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).isEqualTo(leak.message() + " (logged once per place)");
      assertThat(r.getThrown()).isSameAs(mismatch);
    });
  }

  @Test
  void leaksOfTwoVariablesSetAtOnePlaceAreBothLogged() {
    ContextVar<String> first = ContextVar.of("first");
    ContextVar<String> second = ContextVar.of("second");
    Throwable site = new Throwable("one site for both");

    List<LogRecord> records =
        logged(
            new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, first, "worker-1", site),
            new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, second, "worker-1", site),
            new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, second, "worker-2", site));

    assertThat(records)
        .extracting(LogRecord::getMessage)
        .satisfiesExactly(
            m -> assertThat(m).contains("ContextVar(first)")
                .endsWith(" (logged once per place that sets the variable)"),
            m -> assertThat(m).contains("ContextVar(second)"));
  }

  @Test
  void saysWhereItComesFrom() {
    assertThat(LISTENER).hasToString("LeakCheck.loggingListener()");
  }

  /** What the logging listener logs for {@code leaks}, captured from its logger. */
  static List<LogRecord> logged(ContextLeak... leaks) {
    List<LogRecord> records = new ArrayList<>();
    Handler handler = LeakCheckTest.capturing(records);
    Logger logger = Logger.getLogger("org.contextvars.LeakCheck");
    logger.addHandler(handler);
    try {
      for (ContextLeak leak : leaks) {
        LISTENER.onLeak(leak);
      }
    } finally {
      logger.removeHandler(handler);
    }
    return records;
  }
}
