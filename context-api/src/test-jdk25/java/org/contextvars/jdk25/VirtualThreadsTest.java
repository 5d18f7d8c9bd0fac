package org.contextvars.jdk25;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Handoff;
import org.contextvars.Token;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads get context exactly like platform threads. {@code -Dcontextvars.stress=true} runs
 * a million threads instead of a hundred thousand.
 */
class VirtualThreadsTest {

  private static final int THREADS = Boolean.getBoolean("contextvars.stress") ? 1_000_000 : 100_000;

  private static final ContextVar<Integer> ID = ContextVar.of("id");

  /**
   * The body of every virtual thread: checks its value, replaces it, lets the thread unmount so it
   * may resume on another carrier, and checks again.
   */
  private static Runnable checking(int expected, Queue<String> wrong, LongAdder checked) {
    return () -> {
      Integer seen = ID.orElse(null);
      if (seen == null || seen != expected) {
        wrong.add("thread " + expected + " saw " + seen);
      }
      ID.set(-expected);
      Thread.yield();
      if (ID.get() != -expected) {
        wrong.add("thread " + expected + " lost its own value across a yield");
      }
      checked.increment();
    };
  }

  @Test
  void everyThreadOfAnInheritingVirtualFactorySeesItsCreatorsValue() {
    ThreadFactory factory = Handoff.threads(Thread.ofVirtual().name("vt-", 0).factory());
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    LongAdder checked = new LongAdder();
    try (ExecutorService perTask = Executors.newThreadPerTaskExecutor(factory)) {
      for (int i = 0; i < THREADS; i++) {
        try (Token<Integer> token = ID.set(i)) {
          perTask.execute(checking(i, wrong, checked));
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(checked.sum()).isEqualTo(THREADS);
  }

  @Test
  void everyTaskOfAWrappedVirtualThreadPerTaskExecutorSeesItsSubmittersValue() {
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    LongAdder checked = new LongAdder();
    try (ExecutorService perTask =
        Handoff.executor(Executors.newVirtualThreadPerTaskExecutor())) {
      for (int i = 0; i < THREADS; i++) {
        try (Token<Integer> token = ID.set(i)) {
          perTask.execute(checking(i, wrong, checked));
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(checked.sum()).isEqualTo(THREADS);
  }

  @Test
  void aStartedVirtualThreadInheritsLikeAPlatformThread() throws Exception {
    ThreadFactory virtual = Handoff.threads(Thread.ofVirtual().factory());
    ThreadFactory platform = Handoff.threads(Thread.ofPlatform().factory());
    Queue<Map<ContextVar<?>, Object>> seen = new ConcurrentLinkedQueue<>();
    Runnable record = () -> seen.add(Context.copyCurrent().toMap());
    try (Token<Integer> token = ID.set(7)) {
      Thread v = virtual.newThread(record);
      Thread p = platform.newThread(record);
      v.start();
      p.start();
      v.join();
      p.join();
    }
    assertThat(seen).hasSize(2).containsOnly(Map.of(ID, 7));
  }

  @Test
  void virtualThreadsSharingCarriersNeverSeeEachOthersValues() {
    // Far more threads than carriers, each parking repeatedly: carriers run many threads in turn.
    int threads = 2_000;
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    LongAdder checked = new LongAdder();
    try (ExecutorService perTask =
        Handoff.executor(Executors.newVirtualThreadPerTaskExecutor())) {
      for (int i = 0; i < threads; i++) {
        int own = i;
        perTask.execute(() -> {
          for (int round = 0; round < 10; round++) {
            try (Token<Integer> token = ID.set(own * 100 + round)) {
              LockSupport.parkNanos(10_000);
              if (ID.get() != own * 100 + round) {
                wrong.add("thread " + own + " round " + round + " saw " + ID.get());
              }
            }
            if (ID.isBound()) {
              wrong.add("thread " + own + " kept a value after its token was closed");
            }
          }
          checked.increment();
        });
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(checked.sum()).isEqualTo(threads);
  }
}
