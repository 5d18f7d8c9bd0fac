package org.contextvars.benchmarks;

import static org.contextvars.benchmarks.BoundKeys.*;

import io.opentelemetry.context.Scope;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.contextvars.Context;
import org.contextvars.Token;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Binds the four {@link BoundKeys} of every library on the benchmark thread for a whole trial, so
 * that each library is measured with the same four values in scope.
 *
 * <p>All the bindings are thread-confined. They work because JMH runs {@code @Setup} and {@code
 * @TearDown} of a {@link org.openjdk.jmh.annotations.Scope#Thread} state on the worker thread that then runs the benchmark
 * method, and its default executor keeps that thread for every iteration of the trial. The {@code
 * ContextVar}s are set outside any {@link Context#run}, so they land in the thread's base context,
 * which is exactly what {@code ContextVar.get()} reads there. {@link #checkStillBound()} verifies
 * all of this before every iteration, so a change in JMH's threading fails the run instead of
 * silently measuring the "not bound" path.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class BoundOnThread {

  /** What benchmarks that set a variable set it to: a field, so the JIT cannot fold it. */
  public String newValue = "new";

  private final Deque<Token<String>> tokens = new ArrayDeque<>();
  private @Nullable Thread owner;
  private @Nullable Scope otelScope;
  private io.grpc.@Nullable Context grpcAttached;
  private io.grpc.@Nullable Context grpcPrevious;

  @Setup(Level.Trial)
  public void bind() {
    if (!Context.copyCurrent().isEmpty()) {
      throw new IllegalStateException("benchmark thread starts with bindings: " + Context.copyCurrent());
    }
    owner = Thread.currentThread();

    tokens.push(VAR_1.set("value1"));
    tokens.push(VAR_2.set("value2"));
    tokens.push(VAR_3.set("value3"));
    tokens.push(VAR_4.set(BOUND_VALUE));

    THREAD_LOCAL_1.set("value1");
    THREAD_LOCAL_2.set("value2");
    THREAD_LOCAL_3.set("value3");
    THREAD_LOCAL_4.set(BOUND_VALUE);

    TTL_1.set("value1");
    TTL_2.set("value2");
    TTL_3.set("value3");
    TTL_4.set(BOUND_VALUE);

    otelScope =
        io.opentelemetry.context.Context.current()
            .with(OTEL_KEY_1, "value1")
            .with(OTEL_KEY_2, "value2")
            .with(OTEL_KEY_3, "value3")
            .with(OTEL_KEY_4, BOUND_VALUE)
            .makeCurrent();

    io.grpc.Context grpc =
        io.grpc.Context.current()
            .withValue(GRPC_KEY_1, "value1")
            .withValue(GRPC_KEY_2, "value2")
            .withValue(GRPC_KEY_3, "value3")
            .withValue(GRPC_KEY_4, BOUND_VALUE);
    grpcPrevious = grpc.attach();
    grpcAttached = grpc;

    checkStillBound();
  }

  /** Fails the run when an iteration would not see the values bound in {@link #bind()}. */
  @Setup(Level.Iteration)
  public void checkStillBound() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "JMH runs this iteration on "
              + Thread.currentThread()
              + ", but the values were bound on "
              + owner
              + ": thread-confined bindings would be missing");
    }
    expectBound("ContextVar", VAR_4.get());
    expectBound("ThreadLocal", THREAD_LOCAL_4.get());
    expectBound("TransmittableThreadLocal", TTL_4.get());
    expectBound("OpenTelemetry", io.opentelemetry.context.Context.current().get(OTEL_KEY_4));
    expectBound("gRPC", GRPC_KEY_4.get());
    if (Context.copyCurrent().size() != 4) {
      throw new IllegalStateException("expected 4 bound vars, found " + Context.copyCurrent());
    }
  }

  private static void expectBound(String library, @Nullable String actual) {
    if (!BOUND_VALUE.equals(actual)) {
      throw new IllegalStateException(
          library + ": expected " + BOUND_VALUE + " on the benchmark thread, found " + actual);
    }
  }

  @TearDown(Level.Trial)
  public void unbind() {
    Objects.requireNonNull(grpcAttached).detach(Objects.requireNonNull(grpcPrevious));
    Objects.requireNonNull(otelScope).close();
    TTL_4.remove();
    TTL_3.remove();
    TTL_2.remove();
    TTL_1.remove();
    THREAD_LOCAL_4.remove();
    THREAD_LOCAL_3.remove();
    THREAD_LOCAL_2.remove();
    THREAD_LOCAL_1.remove();
    while (!tokens.isEmpty()) {
      tokens.pop().close();
    }
    if (!Context.copyCurrent().isEmpty()) {
      throw new IllegalStateException("bindings left behind: " + Context.copyCurrent());
    }
  }
}
