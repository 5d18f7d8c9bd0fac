package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-thread frame stack: contexts come back in the right order through deep nesting and its
 * growth, and a thread keeps nothing reachable from frames that closed, so an idle pooled thread
 * does not hold a finished task's or coroutine's values.
 */
class ThreadStateTest {

  private static final ContextVar<Object> PAYLOAD = ContextVar.of("payload");
  private static final ContextVar<Integer> LEVEL = ContextVar.of("level", -1);

  @Test
  void deeplyNestedRunsEachSeeTheirOwnContextAndUnwindInOrder() {
    List<Integer> seenOnTheWayOut = new ArrayList<>();
    nest(0, 40, seenOnTheWayOut);
    // 40 levels grow the stack several times; every level saw its own value after its inner run.
    assertThat(seenOnTheWayOut).hasSize(40);
    for (int i = 0; i < 40; i++) {
      assertThat(seenOnTheWayOut.get(i)).isEqualTo(39 - i);
    }
    assertThat(LEVEL.get()).isEqualTo(-1);
  }

  private static void nest(int level, int levels, List<Integer> seenOnTheWayOut) {
    if (level == levels) {
      return;
    }
    new Context()
        .with(LEVEL, level)
        .run(
            () -> {
              nest(level + 1, levels, seenOnTheWayOut);
              seenOnTheWayOut.add(LEVEL.get());
            });
  }

  @Test
  void siblingRunsAtTheSameDepthEachGetBackTheirCaller() {
    Context outer = new Context().with(LEVEL, 0);
    outer.run(
        () -> {
          new Context().with(LEVEL, 1).run(() -> assertThat(LEVEL.get()).isEqualTo(1));
          assertThat(LEVEL.get()).isEqualTo(0);
          LEVEL.set(10);
          new Context().with(LEVEL, 2).run(() -> assertThat(LEVEL.get()).isEqualTo(2));
          assertThat(LEVEL.get()).isEqualTo(10);
        });
    assertThat(LEVEL.get()).isEqualTo(-1);
    assertThat(outer.get(LEVEL)).isEqualTo(10);
  }

  @Test
  void aCoroutineResumedInsideARunGetsTheRunsContextBackWhenItSuspends() {
    Context run = new Context().with(LEVEL, 1);
    Context coroutine = new Context().with(LEVEL, 2);
    run.run(
        () -> {
          Context replaced = ContextSwitch.resume(coroutine);
          new Context().with(LEVEL, 3).run(() -> assertThat(LEVEL.get()).isEqualTo(3));
          assertThat(LEVEL.get()).isEqualTo(2);
          ContextSwitch.suspend(coroutine, replaced);
          assertThat(LEVEL.get()).isEqualTo(1);
          new Context().with(LEVEL, 4).run(() -> assertThat(LEVEL.get()).isEqualTo(4));
          assertThat(LEVEL.get()).isEqualTo(1);
        });
  }

  @Test
  void aPooledThreadKeepsNoValueOfAFinishedTaskReachable() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      WeakReference<?> payload =
          pool.submit(
                  Context.copyCurrent()
                      .wrap(
                          () -> {
                            Object value = new byte[1 << 20];
                            PAYLOAD.set(value);
                            new Context().with(LEVEL, 1).run(() -> new Context().run(() -> {}));
                            return new WeakReference<>(value);
                          }))
              .get(10, TimeUnit.SECONDS);
      assertThat(collected(payload)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPooledThreadKeepsNoValueOfASuspendedCoroutineReachable() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      WeakReference<?> payload =
          pool.submit(
                  () -> {
                    Object value = new byte[1 << 20];
                    Context coroutine = new Context().with(PAYLOAD, value);
                    Context replaced = ContextSwitch.resume(coroutine);
                    // A run inside the coroutine leaves the coroutine's context current again
                    // when it closes; the suspension must not leave it behind.
                    new Context().run(() -> {});
                    ContextSwitch.suspend(coroutine, replaced);
                    return new WeakReference<>(value);
                  })
              .get(10, TimeUnit.SECONDS);
      assertThat(collected(payload)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int attempt = 0; attempt < 50 && reference.get() != null; attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    return reference.get() == null;
  }
}
