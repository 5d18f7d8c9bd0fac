package org.contextvars.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.ExecutorsKt;
import org.contextvars.Context;

/**
 * Looks at the context that the worker threads behind {@code Dispatchers.Default} and {@code
 * Dispatchers.IO} are left with.
 *
 * <p>Those threads belong to kotlinx.coroutines and cannot be listed, so this fills them with
 * probes that wait for each other: as many as {@code Dispatchers.IO} runs at once (64) plus as
 * many as {@code Dispatchers.Default} does. Every probe then holds a worker of its own, and the
 * shared scheduler never keeps more workers than that, so the probes visit all of them. Probes run
 * as plain tasks, outside any coroutine, so each one sees its thread's own context.
 */
public final class CoroutineWorkers {

  /** How many tasks {@code Dispatchers.IO} runs at once unless told otherwise. */
  private static final int IO_PARALLELISM =
      Math.max(64, Runtime.getRuntime().availableProcessors());

  /** How many tasks {@code Dispatchers.Default} runs at once unless told otherwise. */
  private static final int DEFAULT_PARALLELISM =
      Math.max(2, Runtime.getRuntime().availableProcessors());

  private CoroutineWorkers() {}

  /** A copy of the current context of each worker thread the probes visited. */
  public static List<Context> contexts() throws Exception {
    CyclicBarrier allStarted = new CyclicBarrier(IO_PARALLELISM + DEFAULT_PARALLELISM);
    List<CompletableFuture<Context>> probes = new ArrayList<>();
    Executor io = ExecutorsKt.asExecutor(Dispatchers.getIO());
    Executor cpu = ExecutorsKt.asExecutor(Dispatchers.getDefault());
    probe(io, IO_PARALLELISM, allStarted, probes);
    probe(cpu, DEFAULT_PARALLELISM, allStarted, probes);
    List<Context> contexts = new ArrayList<>();
    for (CompletableFuture<Context> probe : probes) {
      contexts.add(probe.get(1, TimeUnit.MINUTES));
    }
    return contexts;
  }

  private static void probe(
      Executor threads,
      int count,
      CyclicBarrier allStarted,
      List<CompletableFuture<Context>> into) {
    for (int i = 0; i < count; i++) {
      into.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  allStarted.await(1, TimeUnit.MINUTES);
                } catch (Exception e) {
                  throw new IllegalStateException("a probe did not get its own worker thread", e);
                }
                return Context.copyCurrent();
              },
              threads));
    }
  }
}
