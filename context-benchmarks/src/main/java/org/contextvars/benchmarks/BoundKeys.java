package org.contextvars.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import io.opentelemetry.context.ContextKey;
import org.contextvars.ContextVar;

/**
 * Four keys of each kind, declared as constants the way applications declare them. {@link
 * BoundOnThread} binds them in this order, and the benchmarks read and write the fourth: in the flat
 * array maps of both {@code org.contextvars} and OpenTelemetry the last one bound is the last one
 * found, so the comparison uses the slowest of the four lookups on both sides.
 */
final class BoundKeys {

  static final ContextVar<String> VAR_1 = ContextVar.of("var1");
  static final ContextVar<String> VAR_2 = ContextVar.of("var2");
  static final ContextVar<String> VAR_3 = ContextVar.of("var3");
  static final ContextVar<String> VAR_4 = ContextVar.of("var4");

  static final ThreadLocal<String> THREAD_LOCAL_1 = new ThreadLocal<>();
  static final ThreadLocal<String> THREAD_LOCAL_2 = new ThreadLocal<>();
  static final ThreadLocal<String> THREAD_LOCAL_3 = new ThreadLocal<>();
  static final ThreadLocal<String> THREAD_LOCAL_4 = new ThreadLocal<>();

  static final ContextKey<String> OTEL_KEY_1 = ContextKey.named("otel1");
  static final ContextKey<String> OTEL_KEY_2 = ContextKey.named("otel2");
  static final ContextKey<String> OTEL_KEY_3 = ContextKey.named("otel3");
  static final ContextKey<String> OTEL_KEY_4 = ContextKey.named("otel4");

  static final io.grpc.Context.Key<String> GRPC_KEY_1 = io.grpc.Context.key("grpc1");
  static final io.grpc.Context.Key<String> GRPC_KEY_2 = io.grpc.Context.key("grpc2");
  static final io.grpc.Context.Key<String> GRPC_KEY_3 = io.grpc.Context.key("grpc3");
  static final io.grpc.Context.Key<String> GRPC_KEY_4 = io.grpc.Context.key("grpc4");

  static final TransmittableThreadLocal<String> TTL_1 = new TransmittableThreadLocal<>();
  static final TransmittableThreadLocal<String> TTL_2 = new TransmittableThreadLocal<>();
  static final TransmittableThreadLocal<String> TTL_3 = new TransmittableThreadLocal<>();
  static final TransmittableThreadLocal<String> TTL_4 = new TransmittableThreadLocal<>();

  /** The value every fourth key is bound to before a benchmark sets it to something else. */
  static final String BOUND_VALUE = "value4";

  private BoundKeys() {}
}
