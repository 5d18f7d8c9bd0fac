package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
      assertThat(loggerContext.getMDCAdapter()).isInstanceOf(LogbackMDCAdapter.class);
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
  void logbackContextAndSlf4jMdcShareOrdinaryEntries() {
    try (ContextVarMdc installed = ContextVarMdc.install(REQUEST_ID);
        LogCapture capture = LogCapture.attach("unit.shared")) {
      MDC.put("user", "ann");
      assertThat(loggerContext.getMDCAdapter().get("user")).isEqualTo("ann");
      loggerContext.getMDCAdapter().put("region", "eu");
      assertThat(MDC.get("region")).isEqualTo("eu");
      loggerContext.getMDCAdapter().put("requestId", "written-directly");
      try (Token<String> t = REQUEST_ID.set("r-6")) {
        capture.logger().info("line");
      }
      MDC.clear();
      capture.logger().info("after clear");
      assertThat(capture.events().get(0).getMDCPropertyMap())
          .isEqualTo(Map.of("requestId", "r-6", "user", "ann", "region", "eu"));
      assertThat(capture.events().get(1).getMDCPropertyMap()).isEmpty();
    }
  }

  private Logger loggerAppendingTo(String name, Appender<ILoggingEvent> appender) {
    Logger logger = loggerContext.getLogger(name);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
    return logger;
  }

  @Test
  void patternLayoutPrintsTheVarsOfEachLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(loggerContext);
    encoder.setPattern("%X{requestId}/%X{tenant} %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(loggerContext);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger logger = loggerAppendingTo("unit.pattern", appender);
    try (ContextVarMdc installed = ContextVarMdc.install(REQUEST_ID, TENANT)) {
      try (Token<String> t = TENANT.set("acme")) {
        for (int i = 0; i < 3; i++) {
          try (Token<String> r = REQUEST_ID.set("r-" + i)) {
            logger.info("first");
            logger.info("second");
          }
        }
      }
      logger.info("unbound");
    } finally {
      logger.detachAppender(appender);
      appender.stop();
    }
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "r-0/acme first", "r-0/acme second",
            "r-1/acme first", "r-1/acme second",
            "r-2/acme first", "r-2/acme second",
            "/ unbound");
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
    Logger logger = loggerAppendingTo("unit.async", async);
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
      try (Token<String> t = REQUEST_ID.set("r-5")) {
        assertThat(loggerContext.getMDCAdapter().get("requestId")).isEqualTo("r-5");
        assertThat(loggerContext.getMDCAdapter().get("tenant")).isNull();
      }
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
