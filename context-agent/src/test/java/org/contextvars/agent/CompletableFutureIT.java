package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.agent.AgentMode.ABSENT;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.expected;
import static org.contextvars.agent.AgentMode.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextCompletableFuture;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain {@code CompletableFuture}: each stage runs in the context where it was created. */
class CompletableFutureIT {

  private final ExecutorService completers = Executors.newFixedThreadPool(4);

  @BeforeAll
  static void modeIsReal() {
    AgentMode.assertModeIsReal();
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    completers.shutdownNow();
    assertThat(completers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void supplyAsyncThenApplyBothSeeTheCallersValue() throws Exception {
    // The supplier waits until thenApply is registered, so that the pool thread runs both.
    CountDownLatch registered = new CountDownLatch(1);
    try (Token<String> token = REQUEST_ID.set("req-1")) {
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(
                  () -> {
                    await(registered);
                    return observed();
                  })
              .thenApply(first -> first + "|" + observed());
      registered.countDown();
      assertThat(seen.get(10, TimeUnit.SECONDS))
          .isEqualTo(expected("req-1") + "|" + expected("req-1"));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDependentStageRunsInItsCreatorsContextWhenAnotherThreadCompletesTheSource()
      throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> dependent;
    try (Token<String> token = REQUEST_ID.set("creator")) {
      dependent = source.thenApply(ignored -> observed());
    }
    completers
        .submit(
            () -> {
              try (Token<String> token = REQUEST_ID.set("completer")) {
                source.complete("done");
              }
            })
        .get(10, TimeUnit.SECONDS);
    assertThat(dependent.get(10, TimeUnit.SECONDS))
        .isEqualTo(AgentMode.ATTACHED ? "creator" : "completer");
  }

  @Test
  void aStageOnAnAlreadyCompletedSourceRunsAtOnceInTheCallersContext() throws Exception {
    CompletableFuture<String> done = CompletableFuture.completedFuture("x");
    try (Token<String> token = REQUEST_ID.set("req-2")) {
      assertThat(done.thenApply(x -> observed()).getNow("not run")).isEqualTo("req-2");
    }
  }

  @Test
  void everyKindOfStageSeesItsCreatorsValue() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> other = new CompletableFuture<>();
    List<CompletableFuture<?>> stages = new ArrayList<>();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    try (Token<String> token = REQUEST_ID.set("req-3")) {
      stages.add(source.thenApply(x -> seen.add(observed())));
      stages.add(source.thenApplyAsync(x -> seen.add(observed()), completers));
      stages.add(source.thenAccept(x -> seen.add(observed())));
      stages.add(source.thenRun(() -> seen.add(observed())));
      stages.add(source.thenCombine(other, (a, b) -> seen.add(observed())));
      stages.add(source.thenAcceptBoth(other, (a, b) -> seen.add(observed())));
      stages.add(source.runAfterBoth(other, () -> seen.add(observed())));
      stages.add(source.applyToEither(other, x -> seen.add(observed())));
      stages.add(source.acceptEither(other, x -> seen.add(observed())));
      stages.add(source.runAfterEither(other, () -> seen.add(observed())));
      stages.add(source.thenCompose(x -> CompletableFuture.completedFuture(seen.add(observed()))));
      stages.add(source.handle((x, e) -> seen.add(observed())));
      stages.add(source.whenComplete((x, e) -> seen.add(observed())));
      stages.add(source.thenApplyAsync(x -> seen.add(observed())));
      stages.add(CompletableFuture.runAsync(() -> seen.add(observed()), completers));
    }
    completers
        .submit(
            () -> {
              try (Token<String> token = REQUEST_ID.set("completer")) {
                source.complete("a");
                other.complete("b");
              }
            })
        .get(10, TimeUnit.SECONDS);
    CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
    assertThat(seen).hasSize(stages.size());
    if (AgentMode.ATTACHED) {
      assertThat(seen).containsOnly("req-3");
    } else {
      assertThat(seen).doesNotContain("req-3").contains("completer");
    }
  }

  @Test
  void exceptionallyRunsInItsCreatorsContext() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> recovered;
    try (Token<String> token = REQUEST_ID.set("req-4")) {
      recovered = source.exceptionally(e -> observed());
    }
    completers.submit(() -> source.completeExceptionally(new IllegalStateException("boom")));
    assertThat(recovered.get(10, TimeUnit.SECONDS)).isEqualTo(expected("req-4"));
  }

  @Test
  void whatAStageSetsStaysInThatStage() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> chain;
    try (Token<String> token = REQUEST_ID.set("req-5")) {
      chain =
          source
              .thenApply(
                  x -> {
                    REQUEST_ID.set("set-by-stage");
                    return x;
                  })
              .thenApply(x -> observed());
    }
    CompletableFuture<String> completerAfter = new CompletableFuture<>();
    completers.submit(
        () -> {
          source.complete("x");
          completerAfter.complete(observed());
        });
    assertThat(chain.get(10, TimeUnit.SECONDS))
        .isEqualTo(AgentMode.ATTACHED ? "req-5" : "set-by-stage");
    assertThat(completerAfter.get(10, TimeUnit.SECONDS))
        .isEqualTo(AgentMode.ATTACHED ? ABSENT : "set-by-stage");
  }

  @Test
  void manyConcurrentChainsEachKeepTheirOwnValue() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        String value = "chain-" + c;
        results.add(
            callers.submit(
                () -> {
                  List<String> wrong = new ArrayList<>();
                  try (Token<String> token = REQUEST_ID.set(value)) {
                    for (int i = 0; i < 100; i++) {
                      String seen =
                          CompletableFuture.supplyAsync(AgentMode::observed, completers)
                              .thenApplyAsync(first -> first + "|" + observed())
                              .get(10, TimeUnit.SECONDS);
                      if (!seen.equals(expected(value) + "|" + expected(value))) {
                        wrong.add(seen);
                      }
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<List<String>> wrong : results) {
        assertThat(wrong.get(60, TimeUnit.SECONDS)).isEmpty();
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void contextCompletableFutureStillRunsEachStageInItsCreatorsContext() throws Exception {
    CountDownLatch created = new CountDownLatch(1);
    ContextCompletableFuture<String> source = new ContextCompletableFuture<>();
    CompletableFuture<String> dependent;
    try (Token<String> token = REQUEST_ID.set("req-6")) {
      dependent = source.thenApply(x -> observed());
      created.countDown();
    }
    completers.submit(
        () -> {
          try (Token<String> token = REQUEST_ID.set("completer")) {
            source.complete("x");
          }
        });
    assertThat(dependent.get(10, TimeUnit.SECONDS)).isEqualTo("req-6");
  }
}
