package org.contextvars.benchmarks;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.opentelemetry.BaggageVars;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-request cost of carrying 4 vars: inject into a header map and extract into a context, against
 * the plain W3C baggage propagator carrying a prebuilt 4-entry Baggage. Not a test; run it with
 * {@code ./mvnw -B -q -pl context-opentelemetry -am -Pjmh -DskipTests -Dexec.executable=java test-compile exec:exec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BaggagePropagationBenchmark {

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final ContextVar<String> USER = ContextVar.of("user");
  private static final ContextVar<String> REGION = ContextVar.of("region");
  private static final ContextVar<Integer> PRIORITY = ContextVar.of("priority");
  /** A plain map stands for the HTTP headers a propagator writes and reads. */
  private static final TextMapSetter<Map<String, String>> HEADER_SETTER = Map::put;

  private static final TextMapGetter<Map<String, String>> HEADER_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private static final BaggageVars BAGGAGE =
      BaggageVars.builder()
          .add(TENANT, "tenant")
          .add(USER, "user")
          .add(REGION, "region")
          .add(PRIORITY, "priority", String::valueOf, Integer::valueOf)
          .build();
  private static final W3CBaggagePropagator W3C = W3CBaggagePropagator.getInstance();

  private io.opentelemetry.context.Context prebuilt = io.opentelemetry.context.Context.root();
  private Map<String, String> received = new HashMap<>();
  private Token<?>[] tokens = new Token<?>[0];

  @Setup(Level.Trial)
  public void bindVars() {
    tokens = new Token<?>[] {
      TENANT.set("acme corp"), USER.set("user-4711"), REGION.set("eu-central"), PRIORITY.set(3)
    };
    prebuilt = io.opentelemetry.context.Context.root().with(Baggage.builder()
        .put("tenant", "acme corp").put("user", "user-4711").put("region", "eu-central").put("priority", "3")
        .build());
    received = new HashMap<>();
    BAGGAGE.inject(received, HEADER_SETTER);
  }

  @TearDown(Level.Trial)
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void unbindVars() {
    for (int i = tokens.length - 1; i >= 0; i--) {
      ((Token) tokens[i]).var().reset(tokens[i]);
    }
  }

  @Benchmark
  public Context varsInjectAndExtract() {
    Map<String, String> headers = new HashMap<>(4);
    BAGGAGE.inject(headers, HEADER_SETTER);
    return BAGGAGE.extract(headers, HEADER_GETTER);
  }

  @Benchmark
  public Baggage plainW3cInjectAndExtract() {
    Map<String, String> headers = new HashMap<>(4);
    W3C.inject(prebuilt, headers, HEADER_SETTER);
    return Baggage.fromContext(W3C.extract(io.opentelemetry.context.Context.root(), headers, HEADER_GETTER));
  }

  @Benchmark
  public Map<String, String> varsInject() {
    Map<String, String> headers = new HashMap<>(4);
    BAGGAGE.inject(headers, HEADER_SETTER);
    return headers;
  }

  @Benchmark
  public Map<String, String> plainW3cInject() {
    Map<String, String> headers = new HashMap<>(4);
    W3C.inject(prebuilt, headers, HEADER_SETTER);
    return headers;
  }

  @Benchmark
  public Context varsExtract() {
    return BAGGAGE.extract(received, HEADER_GETTER);
  }

  @Benchmark
  public Baggage plainW3cExtract() {
    return Baggage.fromContext(W3C.extract(io.opentelemetry.context.Context.root(), received, HEADER_GETTER));
  }
}
