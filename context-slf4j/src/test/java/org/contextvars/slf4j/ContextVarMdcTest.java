package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class ContextVarMdcTest extends ContextTestBase {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final ContextVar<String> TENANT = ContextVar.of("tenant");

  private final LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void uninstall() {
    ContextVarMdc.install(REQUEST_ID).close(); // fails if a test left an installation behind
    assertThat(MDC.getMDCAdapter()).isInstanceOf(LogbackMDCAdapter.class);
  }

  @Test
  void mdcGetAndCopySeeTheVarsUnderTheirNames() {
    try (ContextVarMdc installed = ContextVarMdc.install(REQUEST_ID, TENANT);
        Token<String> t = REQUEST_ID.set("r-1")) {
      MDC.put("user", "ann");
      assertThat(MDC.get("requestId")).isEqualTo("r-1");
      assertThat(MDC.get("tenant")).isNull();
      assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("requestId", "r-1", "user", "ann"));
      assertThat(MDC.getMDCAdapter()).isSameAs(installed.adapter());
      MDC.remove("user");
    }
  }

  @Test
  void customKeysComeFromTheMap() {
    try (ContextVarMdc installed = ContextVarMdc.install(Map.of("req.id", REQUEST_ID));
        Token<String> t = REQUEST_ID.set("r-2")) {
      assertThat(MDC.get("req.id")).isEqualTo("r-2");
      assertThat(MDC.get("requestId")).isNull();
    }
  }

  @Test
  void logbackEventsCarryTheVars() {
    try (ContextVarMdc installed = ContextVarMdc.install(REQUEST_ID);
        LogCapture capture = LogCapture.attach("unit.events")) {
      assertThat(loggerContext.getMDCAdapter()).isSameAs(installed.adapter());
      try (Token<String> t = REQUEST_ID.set("r-3")) {
        capture.logger().info("inside");
      }
      capture.logger().info("outside");
      List<ILoggingEvent> events = capture.events();
      assertThat(events.get(0).getMDCPropertyMap()).isEqualTo(Map.of("requestId", "r-3"));
      assertThat(events.get(1).getMDCPropertyMap()).isEmpty();
    }
  }

  @Test
  void asyncAppenderEventsKeepTheValuesOfTheLoggingThread() throws Exception {
    ListAppender<ILoggingEvent> list = new ListAppender<>();
    list.setContext(loggerContext);
    list.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(loggerContext);
    async.addAppender(list);
    async.start();
    Logger logger = loggerContext.getLogger("unit.async");
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(async);
    try (ContextVarMdc installed = ContextVarMdc.install(REQUEST_ID)) {
      for (int i = 0; i < 100; i++) {
        try (Token<String> t = REQUEST_ID.set("r-" + i)) {
          logger.info("{}", i);
        }
      }
    } finally {
      logger.detachAppender(async);
      async.stop(); // drains the queue
      list.stop();
    }
    assertThat(list.list).hasSize(100);
    for (ILoggingEvent event : list.list) {
      assertThat(event.getMDCPropertyMap())
          .containsEntry("requestId", "r-" + event.getArgumentArray()[0]);
    }
  }

  @Test
  void closePutsBackTheOriginalAdapters() {
    org.slf4j.spi.MDCAdapter before = MDC.getMDCAdapter();
    ContextVarMdc installed = ContextVarMdc.install(REQUEST_ID);
    installed.close();
    assertThat(MDC.getMDCAdapter()).isSameAs(before);
    assertThat(loggerContext.getMDCAdapter()).isSameAs(before);
    try (Token<String> t = REQUEST_ID.set("r-4")) {
      assertThat(MDC.get("requestId")).isNull();
    }
    installed.close(); // again: nothing happens
    assertThat(MDC.getMDCAdapter()).isSameAs(before);
  }

  @Test
  void secondInstallIsRejectedAndChangesNothing() {
    try (ContextVarMdc first = ContextVarMdc.install(REQUEST_ID)) {
      assertThatThrownBy(() -> ContextVarMdc.install(TENANT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already installed")
          .hasMessageContaining("requestId");
      assertThat(MDC.getMDCAdapter()).isSameAs(first.adapter());
      assertThat(loggerContext.getMDCAdapter()).isSameAs(first.adapter());
    }
  }

  @Test
  void twoVarsWithOneNameAreRejected() {
    ContextVar<String> twin = ContextVar.of("requestId");
    assertThatThrownBy(() -> ContextVarMdc.install(REQUEST_ID, twin))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'requestId'");
    assertThat(MDC.getMDCAdapter()).isInstanceOf(LogbackMDCAdapter.class);
  }

  @Test
  void noVarsOrNullVarsAreRejected() {
    assertThatThrownBy(() -> ContextVarMdc.install())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> ContextVarMdc.install(REQUEST_ID, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("null");
    assertThat(MDC.getMDCAdapter()).isInstanceOf(LogbackMDCAdapter.class);
  }
}
