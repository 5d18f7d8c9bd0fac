package org.contextvars.log4j2;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * An appender that renders every event with a real {@code PatternLayout} ({@code %X{...}}) and a
 * real {@code JsonTemplateLayout} (the {@code mdc} resolver) when it is appended: for an
 * asynchronous logger that is on the logger's own thread, where no context is current.
 */
final class CaptureAppender extends AbstractAppender {

  /** One rendered event. */
  record Line(String message, String pattern, JsonObject json, String appenderThread) {
    /** The value {@code %X{key}} printed (empty when absent). */
    String patternValue(int index) {
      return pattern.split("\\|", -1)[index];
    }
  }

  private static final String EVENT_TEMPLATE =
      "{\"message\": {\"$resolver\": \"message\", \"stringified\": true},"
          + " \"requestId\": {\"$resolver\": \"mdc\", \"key\": \"requestId\"},"
          + " \"mdc\": {\"$resolver\": \"mdc\"}}";

  private final PatternLayout pattern;
  private final JsonTemplateLayout json;
  private final Queue<Line> lines = new ConcurrentLinkedQueue<>();
  private final LoggerConfig loggerConfig;
  private final LoggerContext context;

  private CaptureAppender(LoggerContext context, LoggerConfig loggerConfig) {
    super("capture", null, null, false, Property.EMPTY_ARRAY);
    Configuration config = context.getConfiguration();
    this.context = context;
    this.loggerConfig = loggerConfig;
    this.pattern =
        PatternLayout.newBuilder()
            .withConfiguration(config)
            .withPattern("%X{requestId}|%X{tenant}|%X{user}|%m")
            .build();
    this.json =
        JsonTemplateLayout.newBuilder()
            .setConfiguration(config)
            .setEventTemplate(EVENT_TEMPLATE)
            .build();
  }

  /** Attaches a new capture to the named logger of {@code context}. */
  static CaptureAppender attach(LoggerContext context, String loggerName) {
    Configuration config = context.getConfiguration();
    LoggerConfig loggerConfig = config.getLoggerConfig(loggerName);
    if (!loggerConfig.getName().equals(loggerName)) {
      throw new IllegalStateException("no logger '" + loggerName + "' in the test configuration");
    }
    CaptureAppender appender = new CaptureAppender(context, loggerConfig);
    appender.start();
    loggerConfig.addAppender(appender, null, null);
    context.updateLoggers();
    return appender;
  }

  @Override
  public void append(LogEvent event) {
    String rendered = json.toSerializable(event).trim();
    lines.add(
        new Line(
            event.getMessage().getFormattedMessage(),
            pattern.toSerializable(event),
            JsonParser.parseString(rendered).getAsJsonObject(),
            Thread.currentThread().getName()));
  }

  /** Waits (bounded) until {@code count} events have arrived, then returns them all. */
  List<Line> await(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (lines.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return new ArrayList<>(lines);
  }

  /**
   * Attaches a new capture to the named logger behind a Log4j {@code AsyncAppender}, which queues
   * events and hands them to the capture on its own thread.
   */
  static CaptureAppender attachBehindAsyncAppender(LoggerContext context, String loggerName) {
    Configuration config = context.getConfiguration();
    LoggerConfig loggerConfig = config.getLoggerConfig(loggerName);
    CaptureAppender capture = new CaptureAppender(context, loggerConfig);
    capture.start();
    config.addAppender(capture);
    AsyncAppender async =
        AsyncAppender.newBuilder()
            .setName("async-appender")
            .setAppenderRefs(new AppenderRef[] {AppenderRef.createAppenderRef("capture", null, null)})
            .setConfiguration(config)
            .build();
    async.start();
    capture.asyncAppender = async;
    loggerConfig.addAppender(async, null, null);
    context.updateLoggers();
    return capture;
  }

  private AsyncAppender asyncAppender;

  void detach() {
    if (asyncAppender != null) {
      loggerConfig.removeAppender(asyncAppender.getName());
      asyncAppender.stop();
      ((AbstractConfiguration) context.getConfiguration()).removeAppender(getName());
    }
    loggerConfig.removeAppender(getName());
    context.updateLoggers();
    stop();
  }
}
