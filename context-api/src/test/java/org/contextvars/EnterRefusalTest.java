package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Entering a context that another thread has entered is refused, naming that thread. */
class EnterRefusalTest {

  private static final ContextVar<String> USER = ContextVar.of("user");

  @Test
  void enteringAContextHeldByAnotherThreadNamesThatThreadAndRunsNothing() throws Exception {
    Context held = new Context().with(USER, "secret-value");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> held.run(() -> {
      entered.countDown();
      await(release);
    }), "the-holder");
    holder.start();
    try {
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      AtomicBoolean ran = new AtomicBoolean();
      for (Runnable attempt : new Runnable[] {
          () -> held.run(() -> ran.set(true)),
          () -> held.supply(() -> ran.getAndSet(true)),
          () -> {
            try {
              held.call(() -> ran.getAndSet(true));
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          }}) {
        assertThatThrownBy(attempt::run)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("cannot enter Context@")
            .hasMessageContaining("[user]: it is already entered by thread 'the-holder'")
            .hasMessageEndingWith("; run a copy() of it instead")
            .hasMessageNotContaining("secret-value")
            .hasMessageNotContaining("on this thread");
      }
      assertThat(ran).isFalse();
      assertThat(Context.copyCurrent().isEmpty()).isTrue();
    } finally {
      release.countDown();
      holder.join(10_000);
    }
    // Released by its holder: this thread may enter it now.
    assertThat(held.supply(USER::get)).isEqualTo("secret-value");
  }

  @Test
  void anOwnerNoThreadGroupListsIsNamedAsAnotherThread() throws Exception {
    Context held = new Context().with(USER, "secret-value");
    Thread gone = new Thread(() -> {}, "gone");
    gone.start();
    gone.join(10_000);
    // A mark whose thread has ended: what a virtual thread's mark looks like, too.
    IllegalStateException refusal =
        EntryRefusal.alreadyEntered(held, ThreadState.get(), EntryRefusal.ownerMark(gone));
    assertThat(refusal)
        .hasMessageContaining("[user]: it is already entered by another thread;")
        .hasMessageNotContaining("gone")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void ownerMarksAreNeverZeroAndTellThreadsApart() {
    Thread current = Thread.currentThread();
    Thread other = new Thread(() -> {});
    assertThat(EntryRefusal.ownerMark(current)).isNotZero();
    assertThat(EntryRefusal.ownerMark(other)).isNotZero().isNotEqualTo(EntryRefusal.ownerMark(current));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
