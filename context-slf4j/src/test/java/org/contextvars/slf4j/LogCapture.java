package org.contextvars.slf4j;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A Logback logger whose events land in a {@link ListAppender}. Like any appender that encodes on the
 * logging thread, it reads each event's MDC when the event is appended.
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender;

  private LogCapture(Logger logger, ListAppender<ILoggingEvent> appender) {
    this.logger = logger;
    this.appender = appender;
  }

  static LogCapture attach(String loggerName) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> appender =
        new ListAppender<>() {
          @Override
          protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
          }
        };
    appender.setContext(context);
    appender.start();
    Logger logger = context.getLogger(loggerName);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
    return new LogCapture(logger, appender);
  }

  org.slf4j.Logger logger() {
    return logger;
  }

  List<ILoggingEvent> events() {
    synchronized (appender) {
      return new ArrayList<>(appender.list);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
