package org.contextvars.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLogger;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.log4j2.CaptureAppender.Line;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Log4j 2 loggers, synchronous and asynchronous, rendering through PatternLayout and
 * JsonTemplateLayout. An asynchronous logger renders on its own thread, where no context is current:
 * the values must have been taken when the event was created.
 */
class Log4jEventsTest {
  static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  static final ContextVar<String> TENANT = ContextVar.of("tenant");

  private ContextVarContextData installed;
  private AsyncLoggerContext allAsync;

  @BeforeEach
  void install() {
    installed = ContextVarContextData.install(REQUEST_ID, TENANT);
  }

  @AfterEach
  void uninstall() {
    installed.close();
    if (allAsync != null) {
      allAsync.stop(10, TimeUnit.SECONDS);
    }
    ThreadContext.clearAll();
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  /**
   * The logger context of one kind: "sync", "async" (mixed), "all-async", or "async-appender" (the
   * synchronous logger writing through an {@code AsyncAppender}).
   */
  private LoggerContext contextFor(String kind) throws Exception {
    if (!kind.equals("all-async")) {
      return (LoggerContext) LogManager.getContext(false);
    }
    allAsync =
        new AsyncLoggerContext(
            "contextvars-all-async",
            null,
            getClass().getResource("/log4j2-all-async.xml").toURI());
    allAsync.start();
    return allAsync;
  }

  @ParameterizedTest(name = "{0} logger")
  @ValueSource(strings = {"sync", "async", "all-async", "async-appender"})
  void eventsCarryTheBindingsOfTheLoggingContextInPatternAndJson(String kind) throws Exception {
    LoggerContext context = contextFor(kind);
    CaptureAppender capture =
        kind.equals("async-appender")
            ? CaptureAppender.attachBehindAsyncAppender(context, "sync")
            : CaptureAppender.attach(context, kind);
    try {
      Logger log = context.getLogger(kind.equals("async-appender") ? "sync" : kind);
      if (kind.equals("all-async")) {
        assertThat(log).isInstanceOf(AsyncLogger.class);
      }
      try (Token<String> t = REQUEST_ID.set("r-1")) {
        log.info("bound");
        ThreadContext.put("user", "ann");
        try (Token<String> u = TENANT.set("acme")) {
          log.info("both");
        }
        ThreadContext.remove("user");
      }
      log.info("none");
      new Context().run(() -> {
        REQUEST_ID.set("r-2");
        log.info("in a context");
      });

      List<Line> lines = capture.await(4);
      assertThat(lines).extracting(Line::message)
          .containsExactly("bound", "both", "none", "in a context");
      assertThat(lines).extracting(Line::pattern)
          .containsExactly("r-1|||bound", "r-1|acme|ann|both", "|||none", "r-2|||in a context");
      assertThat(lines.get(1).json().get("requestId").getAsString()).isEqualTo("r-1");
      assertThat(lines.get(1).json().getAsJsonObject("mdc").entrySet())
          .extracting(e -> e.getKey() + "=" + e.getValue().getAsString())
          .containsExactlyInAnyOrder("requestId=r-1", "tenant=acme", "user=ann");
      assertThat(lines.get(2).json().has("requestId")).isFalse();
      if (!kind.equals("sync")) {
        assertThat(lines).extracting(Line::appenderThread)
            .as("rendered on the logger's own thread")
            .doesNotContain(Thread.currentThread().getName());
      }
    } finally {
      capture.detach();
    }
    assertThat(ThreadContext.isEmpty()).isTrue();
  }

  @ParameterizedTest(name = "{0} logger")
  @ValueSource(strings = {"sync", "all-async"})
  void nothingIsShownOnceTheInstallationIsClosed(String kind) throws Exception {
    LoggerContext context = contextFor(kind);
    CaptureAppender capture = CaptureAppender.attach(context, kind);
    try (Token<String> t = REQUEST_ID.set("r-3")) {
      installed.close();
      context.getLogger(kind).info("after close");
      assertThat(capture.await(1)).extracting(Line::pattern).containsExactly("|||after close");
    } finally {
      capture.detach();
    }
  }

}
