package org.contextvars.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.log4j2.ContextVarContextData;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Log4j 2 log call whose appender reads the event's request id: the id from {@code
 * ThreadContext.put} (Log4j's own per-thread map) against the id from a bound {@code ContextVar}
 * through {@link ContextVarContextData}; and a whole task (give the id, log once, take it away).
 *
 * <p>Each benchmark runs in its own fork, so the {@code ThreadContext} variants run without the
 * bridge installed and the {@code ContextVar} variants with it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Log4jContextDataBenchmark {
  static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  /** A synchronous logger whose only appender reads the request id of each event. */
  @State(Scope.Benchmark)
  public static class Log4j {
    Logger logger;
    ReadingAppender appender;

    @Setup(Level.Trial)
    public void start() {
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      Configuration config = context.getConfiguration();
      appender = new ReadingAppender();
      appender.start();
      LoggerConfig bench = new LoggerConfig("bench", org.apache.logging.log4j.Level.INFO, false);
      bench.addAppender(appender, null, null);
      config.addLogger("bench", bench);
      context.updateLoggers();
      logger = context.getLogger("bench");
    }
  }

  /** The id put in the benchmark thread's {@code ThreadContext} once. */
  @State(Scope.Thread)
  public static class PutOnce {
    @Setup(Level.Trial)
    public void put() {
      ThreadContext.put("requestId", "r-42");
    }

    @TearDown(Level.Trial)
    public void clear() {
      ThreadContext.clearAll();
    }
  }

  /** The bridge installed and the id bound on the benchmark thread once. */
  @State(Scope.Thread)
  public static class BoundOnce {
    ContextVarContextData installed;
    Token<String> token;

    @Setup(Level.Trial)
    public void bind() {
      installed = ContextVarContextData.install(REQUEST_ID);
      token = REQUEST_ID.set("r-42");
    }

    @TearDown(Level.Trial)
    public void unbind() {
      token.close();
      installed.close();
    }
  }

  /** The bridge installed, nothing bound: per-task benchmarks bind the id themselves. */
  @State(Scope.Thread)
  public static class Installed {
    ContextVarContextData installed;

    @Setup(Level.Trial)
    public void install() {
      installed = ContextVarContextData.install(REQUEST_ID);
    }

    @TearDown(Level.Trial)
    public void uninstall() {
      installed.close();
    }
  }

  @Benchmark
  public @Nullable Object logLine_threadContext(Log4j log4j, PutOnce put) {
    log4j.logger.info("working");
    return log4j.appender.lastSeen;
  }

  @Benchmark
  public @Nullable Object logLine_contextVar(Log4j log4j, BoundOnce bound) {
    log4j.logger.info("working");
    return log4j.appender.lastSeen;
  }

  @Benchmark
  public @Nullable Object task_threadContext(Log4j log4j) {
    ThreadContext.put("requestId", "r-42");
    try {
      log4j.logger.info("working");
    } finally {
      ThreadContext.remove("requestId");
    }
    return log4j.appender.lastSeen;
  }

  @Benchmark
  @SuppressWarnings("try") // the binding is the point, not the token
  public @Nullable Object task_contextVar(Log4j log4j, Installed installed) {
    try (Token<String> token = REQUEST_ID.set("r-42")) {
      log4j.logger.info("working");
    }
    return log4j.appender.lastSeen;
  }

  /** Reads what an encoder would read: the event's context data. */
  static final class ReadingAppender extends AbstractAppender {
    @Nullable Object lastSeen;

    ReadingAppender() {
      super("reading", null, null, false, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      lastSeen = event.getContextData().getValue("requestId");
    }
  }
}
