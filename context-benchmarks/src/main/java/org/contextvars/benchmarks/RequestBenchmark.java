package org.contextvars.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import com.alibaba.ttl.threadpool.TtlExecutors;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.contextvars.Context;
import org.contextvars.ContextCompletableFuture;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.slf4j.ContextVarMdc;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * One request, as a service handles it, with each library carrying three values (user, tenant,
 * request id) the way its users write it. Per request:
 *
 * <ol>
 *   <li>bind the three values (ours: three {@code ContextVar.set}; OpenTelemetry: {@code
 *       Context.current().with(..)} three times, {@code makeCurrent()}, and three {@code MDC.put};
 *       TransmittableThreadLocal: three {@code set} and three {@code MDC.put});
 *   <li>log ten lines on the request thread, between the steps below, through SLF4J to Logback,
 *       whose appender reads each event's MDC and checks that it shows the request's three values
 *       (ours: no {@code MDC.put}, {@link ContextVarMdc} shows the variables);
 *   <li>hop to pool A and wait, then to pool B and wait; each task reads the three values (ours:
 *       {@code ContextExecutors.wrap}; OpenTelemetry: {@code Context.taskWrapping}; TTL: {@code
 *       TtlExecutors.getTtlExecutorService});
 *   <li>a three-stage {@code CompletableFuture} chain, A then B then A, each stage reading the three
 *       values, joined by the request (ours: {@code ContextCompletableFuture} on the raw pools;
 *       OpenTelemetry and TTL: a plain {@code CompletableFuture} on their wrapped pools);
 *   <li>two more reads on the request thread (twenty in all), then unbind (reset, close, remove).
 * </ol>
 *
 * <p>Each variant returns the sum of the hash codes of everything it read, and fails the run at once
 * if that is not what the request bound (a missing value throws; a stale one gives another sum). The
 * values change from one request to the next. After each iteration {@link RequestServer} checks
 * that every log line showed its request's values and that the request thread and both pool threads
 * have nothing left bound, in any of the libraries or the MDC. Target: ours at most as costly as
 * OpenTelemetry. {@code -prof gc} counts the allocation of every thread, so B/op is per request,
 * pool threads included.
 *
 * <pre>{@code
 * java -jar context-benchmarks/target/benchmarks.jar RequestBenchmark -prof gc -rf json -rff request.json
 * }</pre>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>A request's time is mostly its four thread hand-offs; the carriers differ by a few percent
 *       of it. Take several rounds, and read B/op beside the time.
 *   <li>The ten log lines are on the request thread, where the baselines' MDC is; their MDC does not
 *       follow their hops (ours would, but no line is logged there).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestBenchmark {

  static final int LOG_LINES = 10;

  static final ContextVar<String> USER = ContextVar.of("user");
  static final ContextVar<String> TENANT = ContextVar.of("tenant");
  static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  static final ContextKey<String> OTEL_USER = ContextKey.named("user");
  static final ContextKey<String> OTEL_TENANT = ContextKey.named("tenant");
  static final ContextKey<String> OTEL_REQUEST_ID = ContextKey.named("requestId");

  static final TransmittableThreadLocal<String> TTL_USER = new TransmittableThreadLocal<>();
  static final TransmittableThreadLocal<String> TTL_TENANT = new TransmittableThreadLocal<>();
  static final TransmittableThreadLocal<String> TTL_REQUEST_ID = new TransmittableThreadLocal<>();

  private static final String[] USERS = values("user-", 64);
  private static final String[] TENANTS = values("tenant-", 8);
  private static final String[] REQUEST_IDS = values("request-", 1024);

  private static String[] values(String prefix, int count) {
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      values[i] = prefix + i;
    }
    return values;
  }

  /** What a probe finds left on a thread after its tasks finished, or null when nothing is. */
  static @Nullable String leftBehind() {
    if (!Context.copyCurrent().isEmpty()) {
      return "context variables " + Context.copyCurrent().vars();
    }
    if (io.opentelemetry.context.Context.current().get(OTEL_REQUEST_ID) != null) {
      return "an OpenTelemetry context";
    }
    if (TTL_USER.get() != null || TTL_TENANT.get() != null || TTL_REQUEST_ID.get() != null) {
      return "TransmittableThreadLocal values";
    }
    if (MDC.get("requestId") != null || MDC.get("user") != null || MDC.get("tenant") != null) {
      return "MDC entries";
    }
    return null;
  }

  private static final Callable<@Nullable String> LEFT_BEHIND = RequestBenchmark::leftBehind;

  /** The request's values, chosen per request; the expected sum of what it reads. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class NextRequest {
    private int count;
    String user = "";
    String tenant = "";
    String requestId = "";

    void advance(RequestServer server) {
      int n = count++;
      user = USERS[n & (USERS.length - 1)];
      tenant = TENANTS[n & (TENANTS.length - 1)];
      requestId = REQUEST_IDS[n & (REQUEST_IDS.length - 1)];
      server.expect(user, tenant, requestId);
    }

    /** Six reads of all three (request thread, two hops, three stages), then request id and user. */
    int expectedSum() {
      return 6 * (user.hashCode() + tenant.hashCode() + requestId.hashCode())
          + requestId.hashCode()
          + user.hashCode();
    }

    int check(String variant, int sum) {
      if (sum != expectedSum()) {
        throw new IllegalStateException(variant + ": request " + requestId + " read other values than it bound");
      }
      return sum;
    }
  }

  // ----------------------------------------------------------------------------------------------
  // org.contextvars, with ContextVarMdc

  static int readContextVars() {
    return USER.get().hashCode() + TENANT.get().hashCode() + REQUEST_ID.get().hashCode();
  }

  private static final Callable<Integer> CONTEXT_VARS_HOP = RequestBenchmark::readContextVars;
  private static final Supplier<Integer> CONTEXT_VARS_FIRST_STAGE = RequestBenchmark::readContextVars;
  private static final Function<Integer, Integer> CONTEXT_VARS_STAGE = sum -> sum + readContextVars();

  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class ContextVarsRequest {
    RequestServer server;
    ContextVarMdc mdc;
    ExecutorService hopA;
    ExecutorService hopB;

    @Setup(Level.Trial)
    public void start() {
      server = new RequestServer();
      mdc = ContextVarMdc.install(Map.of("user", USER, "tenant", TENANT, "requestId", REQUEST_ID));
      hopA = ContextExecutors.wrap(server.poolA);
      hopB = ContextExecutors.wrap(server.poolB);
    }

    @Setup(Level.Iteration)
    public void beginIteration() {
      server.beginIteration();
    }

    @TearDown(Level.Iteration)
    public void checkIteration() throws Exception {
      server.checkIteration("contextVars", LEFT_BEHIND);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      mdc.close();
      server.stop();
    }
  }

  @Benchmark
  public int contextVars(ContextVarsRequest state, NextRequest request) throws Exception {
    request.advance(state.server);
    Logger log = state.server.log;
    int sum;
    try (Token<String> user = USER.set(request.user);
        Token<String> tenant = TENANT.set(request.tenant);
        Token<String> requestId = REQUEST_ID.set(request.requestId)) {
      log.info("request received");
      sum = readContextVars();
      log.info("calling service A");
      sum += state.hopA.submit(CONTEXT_VARS_HOP).get();
      log.info("service A answered");
      log.info("calling service B");
      sum += state.hopB.submit(CONTEXT_VARS_HOP).get();
      log.info("service B answered");
      log.info("starting the pipeline");
      sum +=
          ContextCompletableFuture.supplyAsync(CONTEXT_VARS_FIRST_STAGE, state.server.poolA)
              .thenApplyAsync(CONTEXT_VARS_STAGE, state.server.poolB)
              .thenApplyAsync(CONTEXT_VARS_STAGE, state.server.poolA)
              .join();
      log.info("pipeline done");
      sum += REQUEST_ID.get().hashCode() + USER.get().hashCode();
      log.info("rendering the response");
      log.info("response sent");
      log.info("request done");
    }
    return request.check("contextVars", sum);
  }

  // ----------------------------------------------------------------------------------------------
  // OpenTelemetry Context, with MDC.put

  static int readOpenTelemetry() {
    io.opentelemetry.context.Context current = io.opentelemetry.context.Context.current();
    return current.get(OTEL_USER).hashCode()
        + current.get(OTEL_TENANT).hashCode()
        + current.get(OTEL_REQUEST_ID).hashCode();
  }

  private static final Callable<Integer> OTEL_HOP = RequestBenchmark::readOpenTelemetry;
  private static final Supplier<Integer> OTEL_FIRST_STAGE = RequestBenchmark::readOpenTelemetry;
  private static final Function<Integer, Integer> OTEL_STAGE = sum -> sum + readOpenTelemetry();

  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class OpenTelemetryRequest {
    RequestServer server;
    ExecutorService hopA;
    ExecutorService hopB;

    @Setup(Level.Trial)
    public void start() {
      server = new RequestServer();
      hopA = io.opentelemetry.context.Context.taskWrapping(server.poolA);
      hopB = io.opentelemetry.context.Context.taskWrapping(server.poolB);
    }

    @Setup(Level.Iteration)
    public void beginIteration() {
      server.beginIteration();
    }

    @TearDown(Level.Iteration)
    public void checkIteration() throws Exception {
      server.checkIteration("openTelemetry", LEFT_BEHIND);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      server.stop();
    }
  }

  @Benchmark
  public int openTelemetry(OpenTelemetryRequest state, NextRequest request) throws Exception {
    request.advance(state.server);
    Logger log = state.server.log;
    int sum;
    io.opentelemetry.context.Context context =
        io.opentelemetry.context.Context.current()
            .with(OTEL_USER, request.user)
            .with(OTEL_TENANT, request.tenant)
            .with(OTEL_REQUEST_ID, request.requestId);
    try (Scope scope = context.makeCurrent()) {
      MDC.put("user", request.user);
      MDC.put("tenant", request.tenant);
      MDC.put("requestId", request.requestId);
      try {
        log.info("request received");
        sum = readOpenTelemetry();
        log.info("calling service A");
        sum += state.hopA.submit(OTEL_HOP).get();
        log.info("service A answered");
        log.info("calling service B");
        sum += state.hopB.submit(OTEL_HOP).get();
        log.info("service B answered");
        log.info("starting the pipeline");
        sum +=
            CompletableFuture.supplyAsync(OTEL_FIRST_STAGE, state.hopA)
                .thenApplyAsync(OTEL_STAGE, state.hopB)
                .thenApplyAsync(OTEL_STAGE, state.hopA)
                .join();
        log.info("pipeline done");
        io.opentelemetry.context.Context current = io.opentelemetry.context.Context.current();
        sum += current.get(OTEL_REQUEST_ID).hashCode() + current.get(OTEL_USER).hashCode();
        log.info("rendering the response");
        log.info("response sent");
        log.info("request done");
      } finally {
        MDC.remove("requestId");
        MDC.remove("tenant");
        MDC.remove("user");
      }
    }
    return request.check("openTelemetry", sum);
  }

  // ----------------------------------------------------------------------------------------------
  // TransmittableThreadLocal (a ThreadLocal that TtlExecutors carry), with MDC.put

  static int readTransmittableThreadLocals() {
    return TTL_USER.get().hashCode() + TTL_TENANT.get().hashCode() + TTL_REQUEST_ID.get().hashCode();
  }

  private static final Callable<Integer> TTL_HOP = RequestBenchmark::readTransmittableThreadLocals;
  private static final Supplier<Integer> TTL_FIRST_STAGE = RequestBenchmark::readTransmittableThreadLocals;
  private static final Function<Integer, Integer> TTL_STAGE = sum -> sum + readTransmittableThreadLocals();

  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class TransmittableThreadLocalRequest {
    RequestServer server;
    ExecutorService hopA;
    ExecutorService hopB;

    @Setup(Level.Trial)
    public void start() {
      server = new RequestServer();
      hopA = TtlExecutors.getTtlExecutorService(server.poolA);
      hopB = TtlExecutors.getTtlExecutorService(server.poolB);
    }

    @Setup(Level.Iteration)
    public void beginIteration() {
      server.beginIteration();
    }

    @TearDown(Level.Iteration)
    public void checkIteration() throws Exception {
      server.checkIteration("transmittableThreadLocal", LEFT_BEHIND);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      server.stop();
    }
  }

  @Benchmark
  public int transmittableThreadLocal(TransmittableThreadLocalRequest state, NextRequest request)
      throws Exception {
    request.advance(state.server);
    Logger log = state.server.log;
    int sum;
    TTL_USER.set(request.user);
    TTL_TENANT.set(request.tenant);
    TTL_REQUEST_ID.set(request.requestId);
    MDC.put("user", request.user);
    MDC.put("tenant", request.tenant);
    MDC.put("requestId", request.requestId);
    try {
      log.info("request received");
      sum = readTransmittableThreadLocals();
      log.info("calling service A");
      sum += state.hopA.submit(TTL_HOP).get();
      log.info("service A answered");
      log.info("calling service B");
      sum += state.hopB.submit(TTL_HOP).get();
      log.info("service B answered");
      log.info("starting the pipeline");
      sum +=
          CompletableFuture.supplyAsync(TTL_FIRST_STAGE, state.hopA)
              .thenApplyAsync(TTL_STAGE, state.hopB)
              .thenApplyAsync(TTL_STAGE, state.hopA)
              .join();
      log.info("pipeline done");
      sum += TTL_REQUEST_ID.get().hashCode() + TTL_USER.get().hashCode();
      log.info("rendering the response");
      log.info("response sent");
      log.info("request done");
    } finally {
      MDC.remove("requestId");
      MDC.remove("tenant");
      MDC.remove("user");
      TTL_REQUEST_ID.remove();
      TTL_TENANT.remove();
      TTL_USER.remove();
    }
    return request.check("transmittableThreadLocal", sum);
  }
}
