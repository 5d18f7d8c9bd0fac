package org.contextvars.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.slf4j.ContextVarMdc;
import org.contextvars.slf4j.ContextVarMdcAdapter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Cost of one log call whose appender reads the event's MDC (as every encoder and async appender
 * does), with the request id coming from {@code MDC.put} on Logback's own adapter versus from a
 * {@link ContextVar} shown by {@link ContextVarMdc}, installed as users install it (in SLF4J's own
 * logger context). The baseline has a logger context of its own, so it never touches the overlay;
 * the {@code ...AdapterSetByHand} cases put a {@link ContextVarMdcAdapter} in a third context by
 * hand, where Logback copies the MDC for every event. Not a test: run by hand (see the module
 * README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MdcOverlayBenchmark {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  /** Reads the MDC on the logging thread, like an encoder or an async appender does. */
  static final class MdcReadingAppender extends AppenderBase<ILoggingEvent> {
    volatile Object sink;

    @Override
    protected void append(ILoggingEvent event) {
      Map<String, String> mdc = event.getMDCPropertyMap();
      sink = mdc.get("requestId");
    }
  }

  private LogbackMDCAdapter plainAdapter;
  private Logger plainLogger;
  private ContextVarMdc installed;
  private Logger overlayLogger;
  private Logger byHandLogger;
  private Token<String> boundForLogBenchmarks;
  private long counter;

  private static Logger logger(LoggerContext context) {
    MdcReadingAppender appender = new MdcReadingAppender();
    appender.setContext(context);
    appender.start();
    Logger logger = context.getLogger(MdcOverlayBenchmark.class.getName());
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
    return logger;
  }

  @Setup
  public void setUp() {
    LoggerContext plain = new LoggerContext();
    plainAdapter = new LogbackMDCAdapter();
    plain.setMDCAdapter(plainAdapter);
    plain.start();
    plainLogger = logger(plain);

    installed = ContextVarMdc.install(REQUEST_ID);
    overlayLogger = logger((LoggerContext) LoggerFactory.getILoggerFactory());

    LoggerContext byHand = new LoggerContext();
    byHand.setMDCAdapter(
        new ContextVarMdcAdapter(new LogbackMDCAdapter(), Map.of("requestId", REQUEST_ID)));
    byHand.start();
    byHandLogger = logger(byHand);
  }

  @TearDown
  public void tearDown() {
    plainAdapter.clear();
    MDC.clear();
    installed.close();
    if (boundForLogBenchmarks != null) {
      REQUEST_ID.reset(boundForLogBenchmarks);
      boundForLogBenchmarks = null;
    }
  }

  // One log call per op, the id already in place (set once per request, logged many times).

  @Benchmark
  public void logLine_mdcPut() {
    if (plainAdapter.get("requestId") == null) {
      plainAdapter.put("requestId", "r-1");
    }
    plainLogger.info("handled");
  }

  @Benchmark
  public void logLine_contextVar() {
    logWithIdBoundOnce(overlayLogger);
  }

  @Benchmark
  public void logLine_contextVarAdapterSetByHand() {
    logWithIdBoundOnce(byHandLogger);
  }

  private void logWithIdBoundOnce(Logger logger) {
    if (boundForLogBenchmarks == null) {
      boundForLogBenchmarks = REQUEST_ID.set("r-1");
    }
    logger.info("handled");
  }

  @Benchmark
  public void logLine_mdcPutThroughOverlayWithNoVarBound() {
    if (MDC.get("ordinaryKey") == null) {
      MDC.put("ordinaryKey", "r-1");
    }
    overlayLogger.info("handled");
  }

  // One task per op: give it its id, log once, take the id away.

  @Benchmark
  public void task_mdcPut(Blackhole bh) {
    String id = "r-" + (counter++ & 1023);
    plainAdapter.put("requestId", id);
    try {
      plainLogger.info("handled");
    } finally {
      plainAdapter.remove("requestId");
    }
    bh.consume(id);
  }

  @Benchmark
  public void task_contextVar(Blackhole bh) {
    taskWithIdInContextVar(overlayLogger, bh);
  }

  @Benchmark
  public void task_contextVarAdapterSetByHand(Blackhole bh) {
    taskWithIdInContextVar(byHandLogger, bh);
  }

  private void taskWithIdInContextVar(Logger logger, Blackhole bh) {
    String id = "r-" + (counter++ & 1023);
    try (Token<String> t = REQUEST_ID.set(id)) {
      logger.info("handled");
    }
    bh.consume(id);
  }
}
