package org.contextvars.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.testing.Stress;
import org.contextvars.slf4j.ContextVarMdc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real Spring Boot MVC application on Tomcat (127.0.0.1, random port) with {@link
 * ContextVarsServletFilter} binding the request id from a header and Spring's {@code
 * ContextPropagatingTaskDecorator} on the executor behind {@code @Async}. Many concurrent requests
 * read the id in the controller and in an {@code @Async} method; every read and every log line's MDC
 * must show the request's own id, and afterwards every Tomcat and task thread is clean.
 */
class MvcApplicationTest {
  static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  static final int REQUESTS = Stress.pick(1_000, 10_000);

  private static ConfigurableApplicationContext app;
  private static ContextVarMdc mdc;
  private static LogLines lines;

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableAsync
  @Import({Controller.class, Worker.class})
  static class MvcApp {
    @Bean
    ContextVarsServletFilter contextVars() {
      return ContextVarsServletFilter.create()
          .bind(REQUEST_ID, request -> request.getHeader("X-Request-Id"));
    }

    @Bean
    TaskDecorator contextPropagation() {
      return new ContextPropagatingTaskDecorator();
    }

    @Bean
    TomcatServletWebServerFactory tomcat() {
      return new TomcatServletWebServerFactory();
    }
  }

  @Service
  static class Worker {
    private static final Logger log = LoggerFactory.getLogger("app.mvc");

    @Async
    public CompletableFuture<String> work(String id, String seen) {
      log.info("{}", id);
      return CompletableFuture.completedFuture(seen + "|" + REQUEST_ID.get());
    }
  }

  @RestController
  static class Controller {
    private static final Logger log = LoggerFactory.getLogger("app.mvc");
    private final Worker worker;

    Controller(Worker worker) {
      this.worker = worker;
    }

    @GetMapping("/work")
    CompletableFuture<String> work(@RequestHeader("X-Request-Id") String id) {
      log.info("{}", id);
      return worker.work(id, REQUEST_ID.get());
    }
  }

  @BeforeAll
  static void start() {
    app =
        new SpringApplicationBuilder(MvcApp.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                "server.address=127.0.0.1",
                "server.port=0",
                "server.tomcat.threads.max=16",
                "server.tomcat.threads.min-spare=4",
                "spring.task.execution.pool.core-size=4",
                "spring.main.banner-mode=off",
                "logging.level.root=WARN")
            .run();
    // After start-up, since Spring Boot re-initializes Logback while it starts.
    mdc = ContextVarMdc.install(REQUEST_ID);
    lines = LogLines.attach("app.mvc");
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
  void everyRequestSeesItsOwnIdInTheControllerAndInAsyncAndNoThreadKeepsIt() throws Exception {
    TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
    List<Load.Answer> answers = Load.send(server.getPort(), "/work", REQUESTS);

    for (Load.Answer answer : answers) {
      String id = answer.id();
      assertThat(answer.status()).as("status of %s: %s", id, answer.body()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo(id + "|" + id);
    }
    List<ILoggingEvent> events = lines.events();
    assertThat(events).hasSize(2 * REQUESTS);
    Set<String> loggingThreads = new TreeSet<>();
    for (ILoggingEvent event : events) {
      loggingThreads.add(event.getThreadName());
      assertThat(event.getMDCPropertyMap().get("requestId"))
          .as("MDC of a line for %s on %s", event.getArgumentArray()[0], event.getThreadName())
          .isEqualTo(event.getArgumentArray()[0]);
    }
    assertThat(Context.copyCurrent().isEmpty()).isTrue();

    Set<String> probed = new TreeSet<>();
    Executor tomcatThreads = server.getTomcat().getConnector().getProtocolHandler().getExecutor();
    int tomcatSize = ((org.apache.tomcat.util.threads.ThreadPoolExecutor) tomcatThreads).getPoolSize();
    probed.addAll(Probe.assertAllClean("Tomcat", tomcatSize, tomcatThreads::execute, mdc));
    ThreadPoolTaskExecutor tasks = app.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
    ThreadPoolExecutor taskThreads = tasks.getThreadPoolExecutor();
    probed.addAll(
        Probe.assertAllClean("task executor", taskThreads.getPoolSize(), tasks::execute, mdc));
    assertThat(probed).as("every thread that logged was probed").containsAll(loggingThreads);
  }
}
