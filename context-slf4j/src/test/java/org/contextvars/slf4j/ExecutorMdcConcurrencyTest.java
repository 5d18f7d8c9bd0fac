package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** Many submitters, a small pool that reuses its threads, one request id per task. */
class ExecutorMdcConcurrencyTest extends ContextTestBase {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final int SUBMITTERS = 8;
  private static final int TASKS_PER_SUBMITTER = STRESS ? 20_000 : 1_000;
  private static final int POOL_SIZE = 4;

  private ContextVarMdc installed;
  private LogCapture capture;
  private ExecutorService raw;
  private ExecutorService pool;

  @BeforeEach
  void setUp() {
    installed = ContextVarMdc.install(REQUEST_ID);
    capture = LogCapture.attach("concurrency.executor");
    raw = Executors.newFixedThreadPool(POOL_SIZE);
    pool = ContextExecutors.wrap(raw);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    raw.shutdownNow();
    raw.awaitTermination(10, TimeUnit.SECONDS);
    capture.close();
    installed.close();
  }

  @Test
  void everyLogLineCarriesItsOwnTasksIdAndPoolThreadsAreCleanAfterwards() throws Exception {
    Logger log = capture.logger();
    ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
    List<Future<?>> submitted = new ArrayList<>();
    for (int s = 0; s < SUBMITTERS; s++) {
      int submitter = s;
      submitted.add(
          submitters.submit(
              () -> {
                List<Future<?>> tasks = new ArrayList<>();
                for (int i = 0; i < TASKS_PER_SUBMITTER; i++) {
                  String id = "s" + submitter + "-t" + i;
                  try (Token<String> t = REQUEST_ID.set(id)) {
                    tasks.add(
                        pool.submit(
                            () -> {
                              log.info("{} first", id);
                              MDC.put("step", "two"); // an ordinary MDC write beside the overlay
                              log.info("{} second", id);
                              MDC.remove("step");
                            }));
                  }
                }
                for (Future<?> task : tasks) {
                  task.get();
                }
                return null;
              }));
    }
    for (Future<?> f : submitted) {
      f.get(60, TimeUnit.SECONDS);
    }
    submitters.shutdown();

    List<ILoggingEvent> events = capture.events();
    assertThat(events).hasSize(2 * SUBMITTERS * TASKS_PER_SUBMITTER);
    for (ILoggingEvent event : events) {
      String expected = (String) event.getArgumentArray()[0];
      assertThat(event.getMDCPropertyMap().get("requestId"))
          .as("MDC of '%s' on %s", event.getFormattedMessage(), event.getThreadName())
          .isEqualTo(expected);
      assertThat(event.getMDCPropertyMap().get("step"))
          .as("ordinary entry of '%s' on %s", event.getFormattedMessage(), event.getThreadName())
          .isEqualTo(event.getMessage().endsWith("second") ? "two" : null);
    }
    assertThat(events.stream().map(ILoggingEvent::getThreadName).distinct().count())
        .as("the pool threads were reused")
        .isEqualTo(POOL_SIZE);

    assertEveryPoolThreadIsClean();
    ThreadProbe.assertAllClean("the pool", POOL_SIZE, raw::execute, installed.adapter().delegate());
  }

  private void assertEveryPoolThreadIsClean() throws InterruptedException {
    // Park every pool thread at once, so each one answers for itself.
    CountDownLatch allParked = new CountDownLatch(POOL_SIZE);
    List<Future<Object[]>> answers = new ArrayList<>();
    for (int i = 0; i < POOL_SIZE; i++) {
      answers.add(
          raw.submit(
              () -> {
                allParked.countDown();
                allParked.await();
                return new Object[] {
                  Thread.currentThread().getName(),
                  MDC.get("requestId"),
                  MDC.getCopyOfContextMap(),
                  Context.copyCurrent().isEmpty()
                };
              }));
    }
    List<Object> threads = new ArrayList<>();
    for (Future<Object[]> answer : answers) {
      Object[] seen;
      try {
        seen = answer.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      threads.add(seen[0]);
      assertThat(seen[1]).as("MDC.get on %s", seen[0]).isNull();
      @SuppressWarnings("unchecked")
      Map<String, String> copy = (Map<String, String>) seen[2];
      assertThat(copy == null ? Map.of() : copy).as("MDC copy on %s", seen[0]).isEmpty();
      assertThat(seen[3]).as("context on %s", seen[0]).isEqualTo(true);
    }
    assertThat(threads).doesNotHaveDuplicates().hasSize(POOL_SIZE);
  }
}
