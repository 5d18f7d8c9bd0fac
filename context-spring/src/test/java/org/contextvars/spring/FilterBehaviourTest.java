package org.contextvars.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.micrometer.ContextThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The filters' own rules, without a server: composition, failures, and what the caller keeps. */
class FilterBehaviourTest {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @BeforeEach
  void enablePropagation() {
    Hooks.enableAutomaticContextPropagation();
  }

  @AfterEach
  void disablePropagationAndCheckTheTestThread() {
    Hooks.disableAutomaticContextPropagation();
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  private static MockServerWebExchange exchange(String id) {
    return MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-Request-Id", id));
  }

  @Test
  void theExchangeRunsInAnOuterFiltersContextPlusItsOwnBindings() {
    ContextVarsWebFilter filter =
        ContextVarsWebFilter.create()
            .bind(REQUEST_ID, e -> e.getRequest().getHeaders().getFirst("X-Request-Id"));
    Context outer = new Context().with(TENANT, "acme");
    AtomicReference<String> seen = new AtomicReference<>();
    filter
        .filter(
            exchange("r-1"),
            e -> Mono.fromRunnable(() -> seen.set(TENANT.get() + "/" + REQUEST_ID.get()))
                .subscribeOn(Schedulers.boundedElastic())
                .then())
        .contextWrite(c -> c.put(ContextThreadLocalAccessor.KEY, outer))
        .block(TIMEOUT);
    assertThat(seen.get()).isEqualTo("acme/r-1");
    assertThat(outer.toMap()).as("the outer context is unchanged").isEqualTo(Map.of(TENANT, "acme"));
  }

  @Test
  void setsInsideAnExchangeNeverReachTheNextExchange() {
    ContextVarsWebFilter filter = ContextVarsWebFilter.create().bind(TENANT, e -> "acme");
    AtomicReference<String> second = new AtomicReference<>();
    filter
        .filter(exchange("r-1"), e -> Mono.fromRunnable(() -> TENANT.set("changed")).then())
        .block(TIMEOUT);
    filter
        .filter(exchange("r-2"), e -> Mono.fromRunnable(() -> second.set(TENANT.get())).then())
        .block(TIMEOUT);
    assertThat(second.get()).isEqualTo("acme");
  }

  @Test
  void aFailingValueFunctionFailsTheExchangeAndBindsNothing() {
    ContextVarsWebFilter filter =
        ContextVarsWebFilter.create()
            .bind(REQUEST_ID, e -> {
              throw new IllegalStateException("no id");
            });
    AtomicReference<Boolean> ran = new AtomicReference<>(false);
    assertThatThrownBy(
            () -> filter
                .filter(exchange("r-1"), e -> Mono.fromRunnable(() -> ran.set(true)).then())
                .block(TIMEOUT))
        .hasMessageContaining("no id");
    assertThat(ran.get()).isFalse();
  }

  @Test
  void theServletFilterRunsTheChainInTheRequestsContextAndPutsTheCallersBack() throws Exception {
    ContextVarsServletFilter filter =
        ContextVarsServletFilter.create()
            .bind(REQUEST_ID, request -> request.getHeader("X-Request-Id"))
            .bind(TENANT, request -> null);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
    request.addHeader("X-Request-Id", "r-1");
    AtomicReference<String> seen = new AtomicReference<>();
    try (Token<String> caller = TENANT.set("from-the-thread")) {
      filter.doFilter(
          request,
          new MockHttpServletResponse(),
          (req, res) -> {
            seen.set(REQUEST_ID.get() + "/" + TENANT.get());
            REQUEST_ID.set("changed inside");
          });
      assertThat(seen.get()).as("a null result binds null").isEqualTo("r-1/null");
      assertThat(REQUEST_ID.isBound()).isFalse();
      assertThat(TENANT.get()).isEqualTo("from-the-thread");
    }
  }

  @Test
  void theServletFilterPassesTheChainsExceptionOnUnchanged() {
    ContextVarsServletFilter filter = ContextVarsServletFilter.create().bind(TENANT, r -> "acme");
    IOException broken = new IOException("client went away");
    assertThatThrownBy(
            () -> filter.doFilter(
                new MockHttpServletRequest(),
                new MockHttpServletResponse(),
                (req, res) -> {
                  throw broken;
                }))
        .isSameAs(broken);
    ServletException failed = new ServletException("handler failed");
    assertThatThrownBy(
            () -> filter.doFilter(
                new MockHttpServletRequest(),
                new MockHttpServletResponse(),
                (req, res) -> {
                  throw failed;
                }))
        .isSameAs(failed);
    assertThat(TENANT.isBound()).isFalse();
  }
}
