package org.contextvars.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.ThreadContext;
import org.contextvars.Context;
import org.contextvars.testing.PoolProbe;

/**
 * Asks every thread of a pool what it still holds: {@code threads} probes are scheduled at once and
 * each waits until all have started, so each answer comes from its own thread.
 */
final class Log4jThreadProbe {

  /** What one thread holds: its ThreadContext map, what the provider supplies, its bindings. */
  record State(String thread, Map<String, String> threadContext, Map<String, String> supplied,
      Map<?, ?> bindings, String leftovers) {
    boolean isClean() {
      return threadContext.isEmpty() && supplied.isEmpty() && bindings.isEmpty()
          && leftovers.isEmpty();
    }
  }

  private Log4jThreadProbe() {}

  static State here() {
    return new State(
        Thread.currentThread().getName(),
        ThreadContext.getImmutableContext(),
        new ContextVarDataProvider().supplyContextData(),
        Context.copyCurrent().toMap(),
        PoolProbe.leftoversOnThisThread());
  }

  static void assertAllClean(String pool, int threads, Consumer<Runnable> schedule)
      throws Exception {
    CountDownLatch started = new CountDownLatch(threads);
    List<CompletableFuture<State>> answers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      CompletableFuture<State> answer = new CompletableFuture<>();
      answers.add(answer);
      schedule.accept(
          () -> {
            started.countDown();
            try {
              if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the pool did not give each probe its own thread");
              }
              answer.complete(here());
            } catch (Throwable e) {
              answer.completeExceptionally(e);
            }
          });
    }
    List<State> states = new ArrayList<>();
    for (CompletableFuture<State> answer : answers) {
      states.add(answer.get(20, TimeUnit.SECONDS));
    }
    assertThat(states.stream().map(State::thread).distinct()).as("threads of %s", pool)
        .hasSize(threads);
    assertThat(states).as("every thread of %s", pool).allMatch(State::isClean);
  }
}
