package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The MDC-copying task decorator that many applications write (and Spring examples show), on a pool
 * that also carries the context: the decorator saves and restores the MDC map around every task,
 * and each task saves and restores again, nested, under a binding of its own.
 */
class MdcDecoratorPoolTest extends ContextTestBase {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final int POOL_SIZE = 4;
  private static final int TASKS = STRESS ? 50_000 : 2_000;

  private ContextVarMdc installed;
  private LogCapture capture;
  private ExecutorService raw;

  @BeforeEach
  void setUp() {
    installed = ContextVarMdc.install(REQUEST_ID);
    capture = LogCapture.attach("roundtrip.decorator");
    raw = Executors.newFixedThreadPool(POOL_SIZE);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    raw.shutdownNow();
    raw.awaitTermination(10, TimeUnit.SECONDS);
    capture.close();
    installed.close();
  }

  /** Copies the submitter's MDC into the task and puts the worker's own back afterwards. */
  private static Runnable copyingMdc(Runnable task) {
    Map<String, String> captured = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> previous = MDC.getCopyOfContextMap();
      setOrClear(captured);
      try {
        task.run();
      } finally {
        setOrClear(previous);
      }
    };
  }

  private static void setOrClear(Map<String, String> map) {
    if (map == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(map);
    }
  }

  @Test
  void everyLineCarriesItsTasksIdAndNoThreadKeepsAnEntry() throws Exception {
    Logger log = capture.logger();
    ExecutorService pool = ContextExecutors.wrap(raw);
    List<Future<?>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      String id = "r-" + i;
      MDC.put("batch", "b-" + (i % 7)); // an ordinary entry, carried by the decorator
      try (Token<String> t = REQUEST_ID.set(id)) {
        tasks.add(
            pool.submit(
                copyingMdc(
                    () -> {
                      log.info("{}", id);
                      Map<String, String> saved = MDC.getCopyOfContextMap();
                      try (Token<String> inner = REQUEST_ID.set(id + "/inner")) {
                        MDC.put("step", "inner");
                        log.info("{}", id + "/inner");
                        MDC.setContextMap(saved);
                        log.info("{}", id + "/inner");
                      }
                      MDC.setContextMap(saved);
                      log.info("{}", id);
                    })));
      }
    }
    MDC.remove("batch");
    for (Future<?> task : tasks) {
      task.get(60, TimeUnit.SECONDS);
    }

    List<ILoggingEvent> events = capture.events();
    assertThat(events).hasSize(4 * TASKS);
    for (ILoggingEvent event : events) {
      String expected = (String) event.getArgumentArray()[0];
      assertThat(event.getMDCPropertyMap().get("requestId"))
          .as("MDC of '%s' on %s", event.getFormattedMessage(), event.getThreadName())
          .isEqualTo(expected);
      assertThat(event.getMDCPropertyMap()).containsKey("batch");
    }
    ThreadProbe.assertAllClean(
        "the pool", POOL_SIZE, raw::execute, installed.adapter().delegate());
  }

  @Test
  void aDecoratorAloneCarriesTheOrdinaryEntriesButNotTheVariables() throws Exception {
    Logger log = capture.logger();
    MDC.put("batch", "b-1");
    Future<?> done;
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      done = raw.submit(copyingMdc(() -> log.info("{}", "no context carried")));
    }
    MDC.remove("batch");
    done.get(10, TimeUnit.SECONDS);
    assertThat(capture.events()).singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap()).isEqualTo(Map.of("batch", "b-1")));
    ThreadProbe.assertAllClean(
        "the pool", POOL_SIZE, raw::execute, installed.adapter().delegate());
  }
}
