package org.contextvars.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread-per-task with virtual threads: one operation starts {@code threads} virtual threads, each
 * of which binds a value, reads it, unbinds it and ends, and waits for all of them. Divide a score
 * by {@code threads} for the cost per thread (the report does). The documented run is {@code -p
 * threads=1000000}; the default of 10,000 keeps a smoke run short.
 *
 * <ul>
 *   <li>{@link #contextVar}: {@code try (var t = VAR.set(v)) { VAR.get(); }} (a virtual thread starts
 *       with an empty context; the first {@code set} creates the thread's state);
 *   <li>{@link #threadLocal}: {@code set}, {@code get}, {@code remove};
 *   <li>{@link #scopedValue}: {@code ScopedValue.where(KEY, v).run(() -> KEY.get())};
 *   <li>{@link #noValue}: the thread alone, reading nothing: what starting and joining costs.
 * </ul>
 *
 * <p>Target: ours at most 1.5 times {@code ThreadLocal} in time. {@code -prof gc} gives the bytes
 * <em>allocated</em> per thread (B/op / threads, the thread and its stack included; compare with
 * {@link #noValue}); what stays <em>retained</em> while a thread holds a value, and after it ends,
 * is measured by {@link VirtualThreadFootprint}. Every thread checks what it read; the iteration
 * fails if any read was wrong or any thread died with an exception, and if the benchmark thread has
 * anything bound afterwards.
 *
 * <pre>{@code
 * java -jar context-benchmarks/target/benchmarks.jar VirtualThreadBenchmark -p threads=1000000 -r 5s -prof gc
 * }</pre>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>At 1,000,000 threads one operation takes about a second: give iterations several ({@code -r}).
 *   <li>Starting and scheduling the threads is most of the time, and the most exposed to other
 *       processes on a shared machine; take several rounds.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualThreadBenchmark {

  static final ContextVar<String> VAR = ContextVar.of("perThread");
  static final ThreadLocal<String> LOCAL = new ThreadLocal<>();
  static final ScopedValue<String> SCOPED = ScopedValue.newInstance();

  /** The threads of one operation, the tasks, and the failure counts the iteration checks. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Batch {
    @Param("10000")
    public int threads;

    /** What each thread binds: a field, so the JIT cannot fold it. */
    public String value = "mine";

    final AtomicInteger wrongReads = new AtomicInteger();
    final AtomicInteger failedThreads = new AtomicInteger();
    Thread[] started;
    Thread.Builder builder;

    final Runnable contextVarTask =
        () -> {
          try (Token<String> token = VAR.set(value)) {
            if (VAR.get() != value) {
              wrongReads.incrementAndGet();
            }
          }
        };

    final Runnable threadLocalTask =
        () -> {
          LOCAL.set(value);
          try {
            if (LOCAL.get() != value) {
              wrongReads.incrementAndGet();
            }
          } finally {
            LOCAL.remove();
          }
        };

    final Runnable readScoped =
        () -> {
          if (SCOPED.get() != value) {
            wrongReads.incrementAndGet();
          }
        };

    final Runnable scopedValueTask = () -> ScopedValue.where(SCOPED, value).run(readScoped);

    final Runnable noValueTask =
        () -> {
          if (value == null) {
            wrongReads.incrementAndGet();
          }
        };

    @Setup(Level.Trial)
    public void prepare() {
      started = new Thread[threads];
      builder = Thread.ofVirtual().uncaughtExceptionHandler((t, e) -> failedThreads.incrementAndGet());
    }

    @Setup(Level.Iteration)
    public void resetCounts() {
      wrongReads.set(0);
      failedThreads.set(0);
    }

    @TearDown(Level.Iteration)
    public void checkEveryThread() {
      if (wrongReads.get() != 0 || failedThreads.get() != 0) {
        throw new IllegalStateException(
            wrongReads.get() + " threads read another value than they bound, " + failedThreads.get() + " threads failed");
      }
      if (!Context.copyCurrent().isEmpty() || LOCAL.get() != null || SCOPED.isBound()) {
        throw new IllegalStateException("the benchmark thread has a value bound");
      }
    }

    int runAll(Runnable task) throws InterruptedException {
      Thread[] batch = started;
      for (int i = 0; i < batch.length; i++) {
        batch[i] = builder.start(task);
      }
      for (int i = 0; i < batch.length; i++) {
        batch[i].join();
        batch[i] = null;
      }
      return batch.length;
    }
  }

  @Benchmark
  public int contextVar(Batch batch) throws InterruptedException {
    return batch.runAll(batch.contextVarTask);
  }

  @Benchmark
  public int threadLocal(Batch batch) throws InterruptedException {
    return batch.runAll(batch.threadLocalTask);
  }

  @Benchmark
  public int scopedValue(Batch batch) throws InterruptedException {
    return batch.runAll(batch.scopedValueTask);
  }

  @Benchmark
  public int noValue(Batch batch) throws InterruptedException {
    return batch.runAll(batch.noValueTask);
  }
}
