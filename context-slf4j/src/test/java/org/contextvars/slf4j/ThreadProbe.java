package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.contextvars.Context;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * Asks every thread of a pool what it still holds: {@code threads} probes are scheduled at once and
 * each waits until all have started, so each answer comes from its own thread.
 */
final class ThreadProbe {

  /** What one thread holds: its thread-local MDC entries (the delegate's own) and its bindings. */
  record State(String thread, Map<String, String> storedMdc, Map<String, String> visibleMdc,
      Map<?, ?> bindings) {
    boolean isClean() {
      return storedMdc.isEmpty() && visibleMdc.isEmpty() && bindings.isEmpty();
    }
  }

  private ThreadProbe() {}

  /** The calling thread's state; {@code stored} is the adapter that keeps thread-local entries. */
  static State here(MDCAdapter stored) {
    Map<String, String> own = stored.getCopyOfContextMap();
    Map<String, String> visible = MDC.getCopyOfContextMap();
    return new State(
        Thread.currentThread().getName(),
        own == null ? Map.of() : own,
        visible == null ? Map.of() : visible,
        Context.copyCurrent().toMap());
  }

  /**
   * Runs a probe on {@code threads} distinct threads of a pool ({@code schedule} hands one task to
   * the pool) and asserts every one is clean.
   */
  static List<State> assertAllClean(
      String pool, int threads, Consumer<Runnable> schedule, MDCAdapter stored) throws Exception {
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
              answer.complete(here(stored));
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
    return states;
  }
}
