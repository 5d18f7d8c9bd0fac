package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;

/** Concurrency claims of the core, under load. {@code -Dcontextvars.stress=true} runs longer. */
class ContextConcurrencyTest {

  private static final int SCALE = Boolean.getBoolean("contextvars.stress") ? 20 : 1;
  private static final int THREADS = 8;

  private static final ContextVar<Integer> TASK = ContextVar.of("task");
  private static final ContextVar<Integer> STEP = ContextVar.of("step");

  private final ExecutorService raw = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutDown() throws Exception {
    raw.shutdownNow();
    assertThat(raw.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void pooledTasksSeeOnlyTheirOwnValuesAndLeaveNothingBehind() throws Exception {
    ExecutorService pool = Handoff.executor(raw);
    ExecutorService nestedRaw = Executors.newFixedThreadPool(2);
    ExecutorService nestedPool = Handoff.executor(nestedRaw);
    int tasks = 20_000 * SCALE;
    List<Future<Boolean>> results = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      try (Token<Integer> token = TASK.set(i)) {
        int expected = i;
        results.add(pool.submit(() -> {
          boolean ok = TASK.get() == expected && !STEP.isBound();
          for (int step = 0; step < 5; step++) {
            STEP.set(step);
            if (ThreadLocalRandom.current().nextInt(8) == 0) {
              Thread.yield();
            }
            ok &= TASK.get() == expected && STEP.get() == step;
          }
          // A nested task submitted from inside sees this task's values at submission. It goes
          // to another pool: waiting on this one from inside it could starve it.
          if (expected % 100 == 0) {
            Integer nested = nestedPool.submit(STEP::get).get();
            ok &= nested == 4;
          }
          return ok;
        }));
      }
    }
    for (Future<Boolean> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
    }
    nestedPool.shutdown();
    assertThat(nestedPool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertEveryPoolThreadIsEmpty();
  }

  @Test
  void aContextCanBeReadFromOtherThreadsWhileItIsEntered() throws Exception {
    Context shared = new Context();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(1);
    Future<?> writer = raw.submit(() -> shared.run(() -> {
      List<Token<Integer>> tokens = new ArrayList<>();
      started.countDown();
      for (int round = 0; round < 2_000 * SCALE; round++) {
        // STEP and TASK always move together, so a reader can check it saw a consistent map.
        tokens.add(TASK.set(round));
        tokens.add(STEP.set(round));
        if (tokens.size() > 40) {
          for (int i = tokens.size() - 1; i >= 0; i--) {
            reset(tokens.get(i));
          }
          tokens.clear();
        }
      }
      writing.set(false);
    }));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Integer>> readers = new ArrayList<>();
    for (int r = 0; r < THREADS - 1; r++) {
      readers.add(raw.submit(() -> {
        int reads = 0;
        do {
          var map = shared.toMap();
          Object task = map.get(TASK);
          Object step = map.get(STEP);
          assertThat(map.size()).isIn(0, 1, 2);
          if (map.size() == 2 && task != null && step != null) {
            assertThat((Integer) step).isBetween((Integer) task - 1, (Integer) task);
          }
          shared.getOrDefault(TASK, -1);
          shared.contains(STEP);
          shared.equals(shared.copy());
          reads++;
        } while (writing.get());
        return reads;
      }));
    }
    writer.get(60, TimeUnit.SECONDS);
    for (Future<Integer> reader : readers) {
      assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
    }
  }

  @Test
  void onlyOneThreadCanEnterAContextAtATime() throws Exception {
    int rounds = 2_000 * SCALE;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicInteger entered = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    CyclicBarrier barrier = new CyclicBarrier(THREADS);
    Context contended = new Context();
    List<Callable<Void>> contenders = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      contenders.add(() -> {
        barrier.await();
        for (int i = 0; i < rounds; i++) {
          try {
            contended.run(() -> {
              maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
              STEP.set(STEP.orElse(0) + 1);
              inside.decrementAndGet();
            });
            entered.incrementAndGet();
          } catch (IllegalStateException expected) {
            assertThat(expected).hasMessageContaining("already entered");
            rejected.incrementAndGet();
          }
        }
        return null;
      });
    }
    for (Future<Void> f : raw.invokeAll(contenders)) {
      f.get();
    }
    assertThat(maxInside.get()).isEqualTo(1);
    assertThat(entered.get() + rejected.get()).isEqualTo(THREADS * rounds);
    // Every successful entry incremented STEP exactly once: no lost update.
    assertThat(contended.get(STEP)).isEqualTo(entered.get());
    assertEveryPoolThreadIsEmpty();
  }

  @Test
  void aContextCanBeEnteredAgainFromAnotherThreadAfterItWasExited() throws Exception {
    Context relay = new Context();
    for (int i = 0; i < 50 * SCALE; i++) {
      int expected = i;
      raw.submit(() -> relay.run(() -> {
        assertThat(STEP.orElse(0)).isEqualTo(expected);
        STEP.set(expected + 1);
      })).get();
    }
    assertThat(relay.get(STEP)).isEqualTo(50 * SCALE);
    assertEveryPoolThreadIsEmpty();
  }

  private void assertEveryPoolThreadIsEmpty() throws Exception {
    PoolProbe.assertEveryThreadClean(raw, THREADS);
  }

  @SuppressWarnings("unchecked")
  private static void reset(Token<?> token) {
    ((Token<Integer>) token).close();
  }
}
