package org.contextvars.agent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.Token;

/** A program that {@link AgentSettingsIT} starts in a JVM of its own, with chosen settings. */
public final class SwitchProbe {

  private SwitchProbe() {}

  public static void main(String[] args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    ForkJoinPool forkJoin = new ForkJoinPool(1);
    try (Token<String> token = AgentMode.REQUEST_ID.set("req")) {
      String fromPool = pool.submit(AgentMode::observed).get(10, TimeUnit.SECONDS);
      String fromForkJoin = forkJoin.submit(AgentMode::observed).get(10, TimeUnit.SECONDS);
      AtomicReference<String> fromThread = new AtomicReference<>();
      Thread thread = new Thread(() -> fromThread.set(AgentMode.observed()));
      thread.start();
      thread.join(10_000);
      System.out.println(
          "pool=" + fromPool + " forkjoin=" + fromForkJoin + " thread=" + fromThread.get());
    } finally {
      pool.shutdownNow();
      forkJoin.shutdownNow();
    }
  }
}
