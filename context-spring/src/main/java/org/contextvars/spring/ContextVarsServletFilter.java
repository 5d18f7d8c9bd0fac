package org.contextvars.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.Function;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.springframework.core.Ordered;

/**
 * A servlet {@link Filter} (for Spring MVC) that runs each request in its own {@link Context}: a copy of the
 * request thread's context plus bindings read from the request (with {@link Context#with}), entered
 * with {@link Context#run} around the rest of the filter chain and left when it returns, so nothing
 * stays on the container's thread.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
 *
 * @Bean
 * ContextVarsServletFilter contextVars() {
 *   return ContextVarsServletFilter.create()
 *       .bind(REQUEST_ID, request -> request.getHeader("X-Request-Id"));
 * }
 *
 * @Bean   // @Async methods, and any executor Spring decorates, run in a copy of the caller's context
 * TaskDecorator contextPropagation() {
 *   return new ContextPropagatingTaskDecorator();
 * }
 * }</pre>
 *
 * <p>Spring's {@code ContextPropagatingTaskDecorator} captures thread-local state through Micrometer's
 * context-propagation, which carries the current context once {@code context-micrometer} (a
 * dependency of this module) is on the class path. Spring Boot applies a single {@code TaskDecorator}
 * bean to its auto-configured executor, which {@code @Async} uses.
 *
 * <p>Cautions:
 * <ul>
 *   <li>The context covers the request's original dispatch. Work that continues after it returns
 *       (an {@code @Async} method, a {@code CompletableFuture}, {@code DeferredResult}) runs in the
 *       copy that its executor's decorator captured, not in this context. Spring Boot registers a
 *       filter bean for request dispatches only: async and error dispatches run without it.
 *   <li>The value functions run once per request; an exception from one fails the request. A
 *       function may return {@code null}: the variable is then bound to {@code null}.
 *   <li>Filters ordered before this one ({@link #getOrder()}, default {@link #DEFAULT_ORDER}) do not
 *       see the bindings.
 * </ul>
 *
 * <p>Thread-safety: immutable after construction and safe to share; {@link #bind} returns a new
 * filter.
 */
public final class ContextVarsServletFilter implements Filter, Ordered {

  /** Early, so that almost every other filter runs inside the request's context. */
  public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  private final RequestBindings<HttpServletRequest> bindings;
  private final int order;

  private ContextVarsServletFilter(RequestBindings<HttpServletRequest> bindings, int order) {
    this.bindings = bindings;
    this.order = order;
  }

  /** A filter that binds nothing yet; add bindings with {@link #bind}. */
  public static ContextVarsServletFilter create() {
    return new ContextVarsServletFilter(RequestBindings.none(), DEFAULT_ORDER);
  }

  /**
   * A new filter that also binds {@code var} to {@code value.apply(request)} for each request.
   *
   * @throws NullPointerException if {@code var} or {@code value} is null
   */
  public <T> ContextVarsServletFilter bind(
      ContextVar<T> var, Function<? super HttpServletRequest, ? extends T> value) {
    return new ContextVarsServletFilter(bindings.plus(var, value), order);
  }

  /** A new filter with the same bindings at another position in the filter chain. */
  public ContextVarsServletFilter withOrder(int order) {
    return new ContextVarsServletFilter(bindings, order);
  }

  /** The context a request runs in: a copy of the current one plus the bindings read from it. */
  public Context contextFor(HttpServletRequest request) {
    return bindings.applyTo(Context.copyCurrent(), request);
  }

  /** Runs the rest of the chain in {@link #contextFor} the request; other requests pass through. */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!(request instanceof HttpServletRequest http)) {
      chain.doFilter(request, response);
      return;
    }
    Context context = contextFor(http);
    try {
      context.call(
          () -> {
            chain.doFilter(request, response);
            return null;
          });
    } catch (ServletException | IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // chain.doFilter throws nothing else; kept for the compiler, since call() declares Exception.
      throw new ServletException(e);
    }
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public String toString() {
    return "ContextVarsServletFilter" + bindings.names();
  }
}
