package org.contextvars.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.testing.Stress;
import org.contextvars.Token;
import org.contextvars.log4j2.CaptureAppender.Line;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many submitters, a small pool that reuses its threads, one request id per task. */
class ExecutorLog4jConcurrencyTest {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
    private static final int SUBMITTERS = 8;
  private static final int TASKS_PER_SUBMITTER = Stress.pick(500, 20_000);
  private static final int POOL_SIZE = 4;

  private ContextVarContextData installed;
  private ExecutorService raw;
  private CaptureAppender syncCapture;
  private CaptureAppender asyncCapture;

  @BeforeEach
  void setUp() {
    installed = ContextVarContextData.install(REQUEST_ID);
    raw = Executors.newFixedThreadPool(POOL_SIZE);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    syncCapture = CaptureAppender.attach(context, "sync");
    asyncCapture = CaptureAppender.attach(context, "async");
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    raw.shutdownNow();
    raw.awaitTermination(10, TimeUnit.SECONDS);
    syncCapture.detach();
    asyncCapture.detach();
    installed.close();
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void everyEventCarriesItsOwnTasksIdAndPoolThreadsKeepNothing() throws Exception {
    Logger sync = LogManager.getLogger("sync");
    Logger async = LogManager.getLogger("async");
    ExecutorService pool = ContextExecutors.wrap(raw);
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
                              sync.info(id);
                              ThreadContext.put("user", "u"); // an ordinary entry beside ours
                              async.info(id);
                              ThreadContext.remove("user");
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

    int total = SUBMITTERS * TASKS_PER_SUBMITTER;
    for (CaptureAppender capture : List.of(syncCapture, asyncCapture)) {
      List<Line> lines = capture.await(total);
      assertThat(lines).hasSize(total);
      for (Line line : lines) {
        assertThat(line.patternValue(0)).as("%%X{requestId} of %s", line.message())
            .isEqualTo(line.message());
        assertThat(line.json().get("requestId").getAsString()).isEqualTo(line.message());
      }
    }
    Log4jThreadProbe.assertAllClean("the pool", POOL_SIZE, raw::execute);
  }
}
