package org.contextvars.spring;

import java.util.function.Function;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.micrometer.ContextThreadLocalAccessor;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A Spring WebFlux {@link WebFilter} that runs each exchange in its own {@link Context}: the context is
 * built before any handler code runs (bindings read from the exchange, with {@link Context#with}) and
 * put in the Reactor context under {@link ContextThreadLocalAccessor#KEY}, so Reactor's automatic
 * context propagation makes it current in every operator of the exchange, on whatever thread
 * ({@code publishOn}, {@code subscribeOn}, {@code Mono.delay}, Netty's event loop).
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
 *
 * @Bean
 * ContextVarsWebFilter contextVars() {
 *   return ContextVarsWebFilter.create()
 *       .bind(REQUEST_ID, exchange -> exchange.getRequest().getHeaders().getFirst("X-Request-Id"));
 * }
 * // application.properties: spring.reactor.context-propagation=auto
 *
 * @GetMapping("/work")
 * Mono<String> work() {
 *   return Mono.fromCallable(REQUEST_ID::get).subscribeOn(Schedulers.boundedElastic());  // this request's id
 * }
 * }</pre>
 *
 * <p>Why not {@code try (var t = VAR.set(id)) { return chain.filter(exchange); }}: WebFlux subscribes
 * to the returned {@code Mono} after {@code filter} returns, when the token has already been reset, so
 * the handler would see nothing.
 *
 * <p>Each exchange starts from the context an outer filter put in the Reactor context, or from an
 * empty one, plus this filter's bindings; nothing is bound on the calling thread.
 *
 * <p>Cautions:
 * <ul>
 *   <li>Needs Reactor's automatic context propagation: {@code spring.reactor.context-propagation=auto}
 *       in Spring Boot, or {@code Hooks.enableAutomaticContextPropagation()}, and {@code
 *       context-micrometer} on the class path (a dependency of this module).
 *   <li>The value functions run once per exchange, when the exchange is subscribed; an exception
 *       from one fails the exchange. A function may return {@code null}: the variable is then bound
 *       to {@code null}.
 *   <li>A {@code set} inside an operator is seen by later operators of the same exchange at most (see
 *       {@code context-micrometer}); bind what the exchange needs here instead.
 *   <li>Filters ordered before this one ({@link #getOrder()}, default {@link #DEFAULT_ORDER}) do not
 *       see the bindings.
 * </ul>
 *
 * <p>Thread-safety: immutable and safe to share; {@link #bind} returns a new filter.
 */
public final class ContextVarsWebFilter implements WebFilter, Ordered {

  /** Early, so that almost every other filter runs inside the exchange's context. */
  public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  private final RequestBindings<ServerWebExchange> bindings;
  private final int order;

  private ContextVarsWebFilter(RequestBindings<ServerWebExchange> bindings, int order) {
    this.bindings = bindings;
    this.order = order;
  }

  /** A filter that binds nothing yet; add bindings with {@link #bind}. */
  public static ContextVarsWebFilter create() {
    return new ContextVarsWebFilter(RequestBindings.none(), DEFAULT_ORDER);
  }

  /**
   * A new filter that also binds {@code var} to {@code value.apply(exchange)} for each exchange.
   *
   * @throws NullPointerException if {@code var} or {@code value} is null
   */
  public <T> ContextVarsWebFilter bind(
      ContextVar<T> var, Function<? super ServerWebExchange, ? extends T> value) {
    return new ContextVarsWebFilter(bindings.plus(var, value), order);
  }

  /** A new filter with the same bindings at another position in the filter chain. */
  public ContextVarsWebFilter withOrder(int order) {
    return new ContextVarsWebFilter(bindings, order);
  }

  /**
   * The context an exchange runs in: {@code base} plus this filter's bindings read from {@code
   * exchange}; {@code base} is unchanged.
   */
  public Context contextFor(Context base, ServerWebExchange exchange) {
    return bindings.applyTo(base, exchange);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return chain
        .filter(exchange)
        .contextWrite(
            reactorContext -> {
              Context outer = reactorContext.getOrDefault(ContextThreadLocalAccessor.KEY, null);
              Context base = outer == null ? new Context() : outer;
              return reactorContext.put(ContextThreadLocalAccessor.KEY, contextFor(base, exchange));
            });
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public String toString() {
    return "ContextVarsWebFilter" + bindings.names();
  }
}
