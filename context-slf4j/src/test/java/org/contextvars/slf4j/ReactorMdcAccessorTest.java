package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Micrometer's {@code Slf4jThreadLocalAccessor} (whole MDC, or chosen keys) beside the context
 * accessor, under Reactor's automatic context propagation: around every signal on another thread
 * Reactor saves the MDC, restores the captured one, and puts the saved one back. (The selective
 * accessor is given only the exposed key: on its own it leaves other keys behind, since restoring
 * a key that was absent puts nothing and removes nothing.)
 */
class ReactorMdcAccessorTest extends ContextTestBase {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final int PIPELINES = STRESS ? 20_000 : 1_000;
  private static final int THREADS = 4;

  private ContextVarMdc installed;
  private LogCapture capture;
  private Scheduler parallel;
  private Scheduler elastic;

  @BeforeEach
  void setUp() {
    installed = ContextVarMdc.install(REQUEST_ID);
    capture = LogCapture.attach("roundtrip.reactor");
    parallel = Schedulers.newParallel("rt-parallel", THREADS);
    elastic = Schedulers.newBoundedElastic(THREADS, 100_000, "rt-elastic");
    Hooks.enableAutomaticContextPropagation();
  }

  @AfterEach
  void tearDown() {
    Hooks.disableAutomaticContextPropagation();
    ContextRegistry.getInstance().removeThreadLocalAccessor(Slf4jThreadLocalAccessor.KEY);
    parallel.dispose();
    elastic.dispose();
    capture.close();
    installed.close();
  }

  @ParameterizedTest(name = "Slf4jThreadLocalAccessor({0})")
  @ValueSource(strings = {"", "requestId"})
  void everyLineCarriesItsPipelinesIdAndNoSchedulerThreadKeepsAnEntry(String keys)
      throws Exception {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(
            keys.isEmpty()
                ? new Slf4jThreadLocalAccessor()
                : new Slf4jThreadLocalAccessor(keys.split(",")));
    Logger log = capture.logger();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < PIPELINES; i++) {
      String id = "r-" + i;
      MDC.put("user", "u-" + i); // an ordinary entry, which the MDC accessor carries
      try (Token<String> t = REQUEST_ID.set(id)) {
        results.add(
            Mono.just(id)
                .subscribeOn(elastic)
                .doOnNext(x -> log.info("{}", id))
                .publishOn(parallel)
                .doOnNext(x -> log.info("{}", id))
                .delayUntil(x -> Mono.delay(Duration.ofMillis(1 + x.length() % 3), parallel))
                .map(x -> x + "|" + REQUEST_ID.get() + "|" + MDC.get("requestId"))
                .publishOn(elastic)
                .doOnNext(x -> log.info("{}", id))
                .contextCapture()
                .toFuture());
      }
    }
    MDC.remove("user");
    for (int i = 0; i < PIPELINES; i++) {
      String id = "r-" + i;
      assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(id + "|" + id + "|" + id);
    }

    List<ILoggingEvent> events = capture.events();
    assertThat(events).hasSize(3 * PIPELINES);
    for (ILoggingEvent event : events) {
      String id = (String) event.getArgumentArray()[0];
      assertThat(event.getMDCPropertyMap().get("requestId"))
          .as("MDC of '%s' on %s", event.getFormattedMessage(), event.getThreadName())
          .isEqualTo(id);
      // The whole-MDC accessor still carries ordinary entries; the selective one only its key.
      assertThat(event.getMDCPropertyMap().get("user"))
          .isEqualTo(keys.isEmpty() ? "u-" + id.substring(2) : null);
    }
    // Probed without the hook, so that no propagation scope wraps the probes themselves.
    Hooks.disableAutomaticContextPropagation();
    ThreadProbe.assertAllClean(
        "rt-parallel", THREADS, task -> parallel.createWorker().schedule(task),
        installed.adapter().delegate());
    ThreadProbe.assertAllClean(
        "rt-elastic", THREADS, task -> elastic.createWorker().schedule(task),
        installed.adapter().delegate());
  }
}
