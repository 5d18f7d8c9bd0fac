package org.contextvars.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.testing.Stress;
import org.contextvars.slf4j.ContextVarMdc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;

/**
 * A real Spring Boot WebFlux application on Netty (127.0.0.1, random port) with {@link
 * ContextVarsWebFilter} binding the request id from a header. Many concurrent requests go through
 * {@code publishOn}, {@code Mono.delay} and {@code subscribeOn}; every read and every log line's MDC
 * must show the request's own id, and afterwards every event-loop and scheduler thread is clean.
 */
class WebFluxApplicationTest {
  static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  static final int REQUESTS = Stress.pick(1_000, 10_000);
  static final int THREADS = 4;

  private static ConfigurableApplicationContext app;
  private static ContextVarMdc mdc;
  private static LogLines lines;

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Handler.class)
  static class WebFluxApp {
    @Bean
    ContextVarsWebFilter contextVars() {
      return ContextVarsWebFilter.create()
          .bind(REQUEST_ID, exchange -> exchange.getRequest().getHeaders().getFirst("X-Request-Id"));
    }

    @Bean
    NettyReactiveWebServerFactory netty() {
      return new NettyReactiveWebServerFactory();
    }

    @Bean(destroyMethod = "dispose")
    Scheduler appParallel() {
      return Schedulers.newParallel("app-parallel", THREADS);
    }

    @Bean(destroyMethod = "dispose")
    Scheduler appElastic() {
      return Schedulers.newBoundedElastic(THREADS, 100_000, "app-elastic");
    }
  }

  @RestController
  static class Handler {
    private static final Logger log = LoggerFactory.getLogger("app.webflux");
    private final Scheduler parallel;
    private final Scheduler elastic;

    Handler(
        @Qualifier("appParallel") Scheduler appParallel,
        @Qualifier("appElastic") Scheduler appElastic) {
      this.parallel = appParallel;
      this.elastic = appElastic;
    }

    /** Reads the variable at each stage; logs with the header's id as the expected value. */
    @GetMapping("/work")
    Mono<String> work(@RequestHeader("X-Request-Id") String id) {
      log.info("{}", id);
      String atEntry = REQUEST_ID.get();
      return Mono.just(atEntry)
          .publishOn(parallel)
          .map(seen -> {
            log.info("{}", id);
            return seen + "|" + REQUEST_ID.get();
          })
          .delayUntil(seen -> Mono.delay(Duration.ofMillis(1 + Math.floorMod(id.hashCode(), 3)),
              parallel))
          .map(seen -> seen + "|" + REQUEST_ID.get())
          .flatMap(seen -> Mono.fromCallable(() -> {
            log.info("{}", id);
            return seen + "|" + REQUEST_ID.get();
          }).subscribeOn(elastic))
          .map(seen -> {
            log.info("{}", id);
            return seen + "|" + REQUEST_ID.get();
          });
    }
  }

  @BeforeAll
  static void start() {
    app =
        new SpringApplicationBuilder(WebFluxApp.class)
            .web(WebApplicationType.REACTIVE)
            .properties(
                "server.address=127.0.0.1",
                "server.port=0",
                "spring.main.banner-mode=off",
                "spring.reactor.context-propagation=auto",
                "logging.level.root=WARN")
            .run();
    // After start-up, since Spring Boot re-initializes Logback while it starts.
    mdc = ContextVarMdc.install(REQUEST_ID);
    lines = LogLines.attach("app.webflux");
  }

  @AfterAll
  static void stop() {
    if (lines != null) {
      lines.close();
    }
    if (mdc != null) {
      mdc.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void everyRequestSeesItsOwnIdAtEveryStageAndNoThreadKeepsIt() throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    List<Load.Answer> answers = Load.send(port, "/work", REQUESTS);

    for (Load.Answer answer : answers) {
      String id = answer.id();
      assertThat(answer.status()).as("status of %s: %s", id, answer.body()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo(String.join("|", id, id, id, id, id));
    }
    List<ILoggingEvent> events = lines.events();
    assertThat(events).hasSize(4 * REQUESTS);
    Set<String> loggingThreads = new TreeSet<>();
    for (ILoggingEvent event : events) {
      loggingThreads.add(event.getThreadName());
      assertThat(event.getMDCPropertyMap().get("requestId"))
          .as("MDC of a line for %s on %s", event.getArgumentArray()[0], event.getThreadName())
          .isEqualTo(event.getArgumentArray()[0]);
    }
    assertThat(Context.copyCurrent().isEmpty()).isTrue();

    Set<String> probed = new TreeSet<>();
    List<Consumer<Runnable>> eventLoops = new ArrayList<>();
    EventLoopGroup serverLoops = HttpResources.get().onServer(true);
    for (EventExecutor loop : serverLoops) {
      eventLoops.add(loop::execute);
    }
    probed.addAll(Probe.assertEachClean("Netty event loops", eventLoops, mdc));
    // Probed with Reactor's hook off: with it, every scheduled probe would run inside a propagation
    // scope of its own (an empty context, since the hook clears what the test thread lacks).
    Hooks.disableAutomaticContextPropagation();
    Scheduler parallel = app.getBean("appParallel", Scheduler.class);
    Scheduler elastic = app.getBean("appElastic", Scheduler.class);
    probed.addAll(Probe.assertAllClean(
        "app-parallel", THREADS, task -> parallel.createWorker().schedule(task), mdc));
    probed.addAll(Probe.assertAllClean(
        "app-elastic", THREADS, task -> elastic.createWorker().schedule(task), mdc));
    assertThat(probed).as("every thread that logged was probed").containsAll(loggingThreads);
  }
}
