package org.contextvars.examples.agent;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.examples.VirtualThreads;

/**
 * Plain JDK concurrency with no wrapper anywhere: run with {@code -javaagent:context-agent.jar},
 * every line shows the request id; without the agent, none does.
 */
public final class PlainConcurrency {

  static final ContextVar<String> REQUEST_ID = ContextVar.of("request_id");

  private PlainConcurrency() {}

  static String requestId() {
    return REQUEST_ID.orElse("-");
  }

  public static void main(String[] args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Token<String> token = REQUEST_ID.set("req-42")) {
      System.out.println(
          "fixed thread pool      " + pool.submit(PlainConcurrency::requestId).get());
      System.out.println(
          "CompletableFuture      "
              + CompletableFuture.supplyAsync(PlainConcurrency::requestId)
                  .thenApply(id -> id + ", then " + requestId())
                  .get());
      System.out.println(
          "common fork/join pool  "
              + ForkJoinPool.commonPool().submit(PlainConcurrency::requestId).get());
      AtomicReference<String> seen = new AtomicReference<>("-");
      Thread thread = new Thread(() -> seen.set(requestId()));
      thread.start();
      thread.join();
      System.out.println("new Thread().start()   " + seen.get());
      Optional<ExecutorService> virtual = VirtualThreads.newPerTaskExecutor();
      if (virtual.isPresent()) {
        ExecutorService perTask = virtual.get();
        try {
          System.out.println(
              "virtual thread         " + perTask.submit(PlainConcurrency::requestId).get());
        } finally {
          perTask.shutdown();
        }
      } else {
        System.out.println("virtual thread         (needs JDK 21)");
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }
}
