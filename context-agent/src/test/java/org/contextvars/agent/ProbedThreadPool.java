package org.contextvars.agent;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;

/**
 * A plain fixed-size pool that records, after every task, what its worker holds outside any task:
 * {@code afterExecute} runs on the worker once the task and any wrapper around it have returned.
 */
class ProbedThreadPool extends ThreadPoolExecutor {

  final Queue<Map<ContextVar<?>, Object>> leftOnWorkers = new ConcurrentLinkedQueue<>();
  final Queue<Runnable> seenByAfterExecute = new ConcurrentLinkedQueue<>();

  ProbedThreadPool(int threads) {
    super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    seenByAfterExecute.add(task);
    Map<ContextVar<?>, Object> left = Context.copyCurrent().toMap();
    if (!left.isEmpty()) {
      leftOnWorkers.add(left);
    }
  }

  void shutDownAndWait() throws InterruptedException {
    shutdownNow();
    if (!awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("pool did not terminate");
    }
  }
}
