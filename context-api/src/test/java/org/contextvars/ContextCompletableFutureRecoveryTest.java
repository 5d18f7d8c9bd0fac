package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Recovery stages of a future that did not fail pass its value through untouched. */
class ContextCompletableFutureRecoveryTest {

  @Test
  void recoveryStagesOfASuccessfulFuturePassItsValueThrough() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ContextCompletableFuture<String> ok = ContextCompletableFuture.completedFuture("value");
      assertThat(ok.exceptionallyAsync(e -> "recovered", pool).get(10, TimeUnit.SECONDS))
          .isEqualTo("value");
      assertThat(
              ok.exceptionallyCompose(e -> CompletableFuture.completedFuture("recovered"))
                  .get(10, TimeUnit.SECONDS))
          .isEqualTo("value");
      assertThat(
              ok.exceptionallyComposeAsync(e -> CompletableFuture.completedFuture("recovered"), pool)
                  .get(10, TimeUnit.SECONDS))
          .isEqualTo("value");
    } finally {
      pool.shutdownNow();
    }
  }
}
