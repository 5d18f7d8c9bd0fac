package org.contextvars.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link RequestBenchmark}'s requests run on: two single-thread pools (the two hops, and the
 * executors of the {@code CompletableFuture} stages) and a Logback logger whose appender checks
 * every event's MDC against the request being served. One per trial, whatever the variant.
 *
 * <p>Single-thread pools keep the run steady: a request waits for each hop and for its chain, so
 * exactly one task is ever queued, and each pool's thread stays warm for the whole trial. They are
 * raw {@link ThreadPoolExecutor}s; each variant wraps them the way its library asks.
 */
final class RequestServer {

  /** Reads the MDC of each event on the logging thread, as encoders and async appenders do. */
  static final class MdcCheckingAppender extends AppenderBase<ILoggingEvent> {
    // The request being served, set by the request thread before it logs; append() runs on that
    // same thread (synchronous appender), so no ordering is needed.
    @Nullable String user;
    @Nullable String tenant;
    @Nullable String requestId;
    long lines;
    long wrong;

    @Override
    protected void append(ILoggingEvent event) {
      Map<String, String> mdc = event.getMDCPropertyMap();
      lines++;
      if (requestId == null
          || !requestId.equals(mdc.get("requestId"))
          || !user.equals(mdc.get("user"))
          || !tenant.equals(mdc.get("tenant"))) {
        wrong++;
      }
    }
  }

  final ExecutorService poolA = singleThreadPool("request-pool-a");
  final ExecutorService poolB = singleThreadPool("request-pool-b");
  final MdcCheckingAppender appender = new MdcCheckingAppender();
  final Logger log;
  private final ch.qos.logback.classic.Logger logbackLogger;
  long requests;

  RequestServer() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext)) {
      throw new IllegalStateException(
          "SLF4J is bound to " + factory.getClass().getName() + ", the benchmark measures Logback");
    }
    LoggerContext context = (LoggerContext) factory;
    appender.setContext(context);
    appender.setName("mdc-checking");
    appender.start();
    logbackLogger = context.getLogger(RequestBenchmark.class.getName() + ".request");
    logbackLogger.setLevel(Level.INFO);
    logbackLogger.setAdditive(false);
    logbackLogger.addAppender(appender);
    log = logbackLogger;
  }

  /**
   * The thread starts here, before any request binds a value: a thread created lazily by the first
   * submission would inherit TransmittableThreadLocal's values (it is an InheritableThreadLocal),
   * and every TTL task would then restore those stale values on it after running.
   */
  private static ExecutorService singleThreadPool(String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              return thread;
            });
    pool.prestartAllCoreThreads();
    return pool;
  }

  /** The request about to be served: what its log lines must show. */
  void expect(String user, String tenant, String requestId) {
    appender.user = user;
    appender.tenant = tenant;
    appender.requestId = requestId;
    requests++;
  }

  void beginIteration() {
    requests = 0;
    appender.lines = 0;
    appender.wrong = 0;
  }

  /**
   * Fails the run unless every request of the iteration logged its ten lines with its own three MDC
   * entries, and unless the request thread and both pool threads are left with nothing bound.
   */
  void checkIteration(String variant, Callable<@Nullable String> leftBehind) throws Exception {
    if (requests == 0 || appender.lines != RequestBenchmark.LOG_LINES * requests || appender.wrong != 0) {
      throw new IllegalStateException(
          variant
              + ": "
              + requests
              + " requests logged "
              + appender.lines
              + " lines, "
              + appender.wrong
              + " of them without the request's own MDC entries");
    }
    expectClean(variant, "the request thread", leftBehind.call());
    expectClean(variant, "pool A", poolA.submit(leftBehind).get());
    expectClean(variant, "pool B", poolB.submit(leftBehind).get());
  }

  private static void expectClean(String variant, String where, @Nullable String left) {
    if (left != null) {
      throw new IllegalStateException(variant + ": " + where + " has " + left + " left behind");
    }
  }

  void stop() throws InterruptedException {
    logbackLogger.detachAppender(appender);
    appender.stop();
    poolA.shutdown();
    poolB.shutdown();
    if (!poolA.awaitTermination(10, TimeUnit.SECONDS) || !poolB.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("request pools did not stop");
    }
  }
}
