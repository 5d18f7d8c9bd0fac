package org.contextvars.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.contextvars.Token;

/**
 * Heap retained per virtual thread by a bound value, beside {@code ThreadLocal} and {@code
 * ScopedValue}: the memory half of {@link VirtualThreadBenchmark}, which measures time and
 * allocation.
 *
 * <pre>{@code
 * java -cp context-benchmarks/target/benchmarks.jar org.contextvars.benchmarks.VirtualThreadFootprint 1000000
 * }</pre>
 *
 * <p>For each variant, in one JVM: measure the heap in use after a full GC; start {@code n} virtual
 * threads that each bind a value ({@code VAR.set}, {@code ThreadLocal.set}, {@code
 * ScopedValue.where(..).run}), read it, and park, still bound, until all are started; measure the
 * heap after a full GC again (<em>alive</em>); let them unbind and end, join them, and measure once
 * more (<em>ended</em>). Each figure is divided by {@code n}. The parked threads themselves (their
 * {@code Thread} objects and stacks) are in every variant; the {@code noValue} row, threads that
 * park without binding anything, is that part alone, and "retained by the value" subtracts it.
 *
 * <p>Cautions: heap use after {@code System.gc()} is accurate to a few hundred kilobytes, so use at
 * least 100,000 threads; 1,000,000 needs a heap of about 2 GB ({@code -Xmx}). Each variant runs
 * twice and the second run is reported, so class loading and JIT data are not counted.
 */
public final class VirtualThreadFootprint {

  private VirtualThreadFootprint() {}

  /** One way of binding a value for the life of a parked thread. */
  private interface Binding {
    void runBound(String value, Runnable whileBound);
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String[] names = {"noValue", "threadLocal", "contextVar", "scopedValue"};
    Binding[] bindings = {
      (value, whileBound) -> whileBound.run(),
      (value, whileBound) -> {
        VirtualThreadBenchmark.LOCAL.set(value);
        try {
          check(VirtualThreadBenchmark.LOCAL.get() == value);
          whileBound.run();
        } finally {
          VirtualThreadBenchmark.LOCAL.remove();
        }
      },
      (value, whileBound) -> {
        try (Token<String> token = VirtualThreadBenchmark.VAR.set(value)) {
          check(VirtualThreadBenchmark.VAR.get() == value);
          whileBound.run();
        }
      },
      (value, whileBound) ->
          ScopedValue.where(VirtualThreadBenchmark.SCOPED, value)
              .run(
                  () -> {
                    check(VirtualThreadBenchmark.SCOPED.get() == value);
                    whileBound.run();
                  }),
    };
    long[][] results = new long[names.length][];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < names.length; i++) {
        results[i] = measure(n, bindings[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d virtual threads, JDK %s, heap in use after a full GC:%n%n",
        n,
        System.getProperty("java.version"));
    System.out.println("| variant | alive (parked, bound), B/thread | retained by the value, B/thread | after the threads ended, B/thread |");
    System.out.println("|---|---:|---:|---:|");
    double baseAlive = (double) results[0][0] / n;
    for (int i = 0; i < names.length; i++) {
      double alive = (double) results[i][0] / n;
      double ended = (double) results[i][1] / n;
      System.out.printf(
          Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", names[i], alive, alive - baseAlive, ended);
    }
  }

  private static final AtomicInteger WRONG = new AtomicInteger();

  private static void check(boolean readOwnValue) {
    if (!readOwnValue) {
      WRONG.incrementAndGet();
    }
  }

  /** Bytes in use with the threads alive and bound, and after they ended, each minus the start. */
  private static long[] measure(int n, Binding binding) throws Exception {
    WRONG.set(0);
    AtomicInteger failed = new AtomicInteger();
    Thread.Builder builder = Thread.ofVirtual().uncaughtExceptionHandler((t, e) -> failed.incrementAndGet());
    Thread[] threads = new Thread[n];
    CountDownLatch bound = new CountDownLatch(n);
    CountDownLatch release = new CountDownLatch(1);
    String value = new String("mine");
    Runnable park =
        () -> {
          bound.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        };
    Runnable task = () -> binding.runBound(value, park);
    long start = usedAfterGc();
    for (int i = 0; i < n; i++) {
      threads[i] = builder.start(task);
    }
    bound.await();
    long alive = usedAfterGc() - start;
    release.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    long ended = usedAfterGc() - start;
    if (WRONG.get() != 0 || failed.get() != 0) {
      throw new IllegalStateException(WRONG.get() + " wrong reads, " + failed.get() + " failed threads");
    }
    // Keep the array (in every variant alike) until the last measurement.
    if (threads[n - 1] == null) {
      throw new AssertionError();
    }
    return new long[] {alive, ended};
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
