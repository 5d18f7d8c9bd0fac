package org.contextvars.benchmarks;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scaling with threads that share nothing: 1, 2 and 4 threads at once, each with its own variables
 * (created per thread), each operation writing one, copying the current context, running a task in
 * the copy that reads one variable and writes the other, reading again and resetting. Nothing is
 * shared between threads, so the time per operation should not grow with the thread count as long
 * as there is a core per thread.
 *
 * <p>{@code threadLocal*} does the same shape of thread-confined work with two {@code ThreadLocal}s
 * (set, read, set the other, read, remove; there is no copy), and shows what the machine allows:
 * on a machine with two cores, four threads share two cores, and any benchmark's time per operation
 * doubles. Scores are average time per operation per thread; compare each thread count with the
 * single thread of the same variant.
 *
 * <p>Before every iteration each thread checks it starts with only its own base binding; after it,
 * that every task ran and every read saw the value its thread wrote.
 *
 * <pre>{@code
 * java -jar context-benchmarks/target/benchmarks.jar ContentionBenchmark -prof gc -rf json -rff contention.json
 * }</pre>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Threads beyond the machine's cores share them: read our ratio against {@code threadLocal}'s
 *       at the same count, not against 1.0.
 *   <li>Other processes on a shared machine take cores too; it shows first at 2 threads.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContentionBenchmark {

  /** One thread's own variables and counters. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class OwnVars {
    final ContextVar<String> written = ContextVar.of("written");
    final ContextVar<String> inCopy = ContextVar.of("inCopy");
    final ThreadLocal<String> writtenLocal = new ThreadLocal<>();
    final ThreadLocal<String> inCopyLocal = new ThreadLocal<>();

    /** What operations write: fields, so the JIT cannot fold them. */
    public String value = "mine";
    public String copyValue = "copy";
    public String baseValue = "base";

    long operations;
    long tasks;
    long wrongReads;
    private Token<String> base;

    /** Reads the written variable and writes the other one, in the copy: gone when run returns. */
    final Runnable task =
        () -> {
          tasks++;
          if (written.get() != value) {
            wrongReads++;
          }
          inCopy.set(copyValue);
          if (inCopy.get() != copyValue) {
            wrongReads++;
          }
        };

    @Setup(Level.Trial)
    public void bindBase() {
      base = inCopy.set(baseValue);
    }

    @Setup(Level.Iteration)
    public void checkClean() {
      operations = 0;
      tasks = 0;
      wrongReads = 0;
      if (Context.copyCurrent().size() != 1 || inCopy.get() != baseValue || writtenLocal.get() != null) {
        throw new IllegalStateException(
            Thread.currentThread().getName() + " starts the iteration with " + Context.copyCurrent().vars());
      }
    }

    @TearDown(Level.Iteration)
    public void checkRan() {
      if (operations == 0 || wrongReads != 0 || (tasks != 0 && tasks != operations)) {
        throw new IllegalStateException(
            Thread.currentThread().getName()
                + ": "
                + operations
                + " operations, "
                + tasks
                + " tasks run in a copy, "
                + wrongReads
                + " reads of another value than this thread wrote");
      }
      checkClean();
    }

    @TearDown(Level.Trial)
    public void unbind() {
      inCopy.reset(base);
      if (!Context.copyCurrent().isEmpty()) {
        throw new IllegalStateException("bindings left behind: " + Context.copyCurrent().vars());
      }
    }
  }

  static int contextVarsOperation(OwnVars own) {
    own.operations++;
    Token<String> token = own.written.set(own.value);
    try {
      Context copy = Context.copyCurrent();
      copy.run(own.task);
      if (own.inCopy.get() != own.baseValue) {
        own.wrongReads++;
      }
      return own.written.get().length();
    } finally {
      own.written.reset(token);
    }
  }

  static int threadLocalOperation(OwnVars own) {
    own.operations++;
    own.writtenLocal.set(own.value);
    try {
      if (own.writtenLocal.get() != own.value) {
        own.wrongReads++;
      }
      own.inCopyLocal.set(own.copyValue);
      if (own.inCopyLocal.get() != own.copyValue) {
        own.wrongReads++;
      }
      own.inCopyLocal.remove();
      return own.writtenLocal.get().length();
    } finally {
      own.writtenLocal.remove();
    }
  }

  @Benchmark
  @Threads(1)
  public int contextVars1Thread(OwnVars own) {
    return contextVarsOperation(own);
  }

  @Benchmark
  @Threads(2)
  public int contextVars2Threads(OwnVars own) {
    return contextVarsOperation(own);
  }

  @Benchmark
  @Threads(4)
  public int contextVars4Threads(OwnVars own) {
    return contextVarsOperation(own);
  }

  @Benchmark
  @Threads(1)
  public int threadLocal1Thread(OwnVars own) {
    return threadLocalOperation(own);
  }

  @Benchmark
  @Threads(2)
  public int threadLocal2Threads(OwnVars own) {
    return threadLocalOperation(own);
  }

  @Benchmark
  @Threads(4)
  public int threadLocal4Threads(OwnVars own) {
    return threadLocalOperation(own);
  }
}
