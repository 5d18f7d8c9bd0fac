package org.contextvars.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.contextvars.Context;
import org.contextvars.slf4j.ContextVarMdc;
import org.contextvars.testing.PoolProbe;

/**
 * Asks threads of a pool what they still hold: their bindings and their own (thread-local) MDC
 * entries. Latched probes land on distinct threads, so {@code threads} probes cover a pool of that
 * size.
 */
final class Probe {

  record State(String thread, Map<?, ?> bindings, Map<String, String> storedMdc, String leftovers) {
    boolean isClean() {
      return bindings.isEmpty() && storedMdc.isEmpty() && leftovers.isEmpty();
    }
  }

  private Probe() {}

  static State here(ContextVarMdc mdc) {
    Map<String, String> stored = mdc.adapter().delegate().getCopyOfContextMap();
    return new State(
        Thread.currentThread().getName(),
        Context.copyCurrent().toMap(),
        stored == null ? Map.of() : stored,
        PoolProbe.leftoversOnThisThread());
  }

  /** Probes {@code threads} distinct threads of a pool at once; returns their names. */
  static Set<String> assertAllClean(
      String pool, int threads, Consumer<Runnable> schedule, ContextVarMdc mdc) throws Exception {
    CountDownLatch started = new CountDownLatch(threads);
    List<CompletableFuture<State>> answers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      answers.add(
          probe(
              schedule,
              () -> {
                started.countDown();
                if (!started.await(20, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("the pool did not give each probe its own thread");
                }
                return here(mdc);
              }));
    }
    return check(pool, answers, threads);
  }

  /** Probes each single-thread executor once (for example each Netty event loop). */
  static Set<String> assertEachClean(
      String pool, List<Consumer<Runnable>> executors, ContextVarMdc mdc) throws Exception {
    List<CompletableFuture<State>> answers = new ArrayList<>();
    for (Consumer<Runnable> executor : executors) {
      answers.add(probe(executor, () -> here(mdc)));
    }
    return check(pool, answers, executors.size());
  }

  private interface Answer {
    State call() throws Exception;
  }

  private static CompletableFuture<State> probe(Consumer<Runnable> schedule, Answer answer) {
    CompletableFuture<State> future = new CompletableFuture<>();
    schedule.accept(
        () -> {
          try {
            future.complete(answer.call());
          } catch (Throwable e) {
            future.completeExceptionally(e);
          }
        });
    return future;
  }

  private static Set<String> check(String pool, List<CompletableFuture<State>> answers, int threads)
      throws Exception {
    List<State> states = new ArrayList<>();
    for (CompletableFuture<State> answer : answers) {
      states.add(answer.get(30, TimeUnit.SECONDS));
    }
    assertThat(states.stream().map(State::thread).distinct()).as("threads of %s", pool)
        .hasSize(threads);
    assertThat(states).as("every thread of %s", pool).allMatch(State::isClean);
    Set<String> names = new java.util.TreeSet<>();
    states.forEach(s -> names.add(s.thread()));
    return names;
  }
}
