package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.testing.PoolProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leak check's records: a task's unreset tokens survive the pruning of its reset ones, and a
 * pool thread's leftovers are reported when a wrapped task starts there, before its body runs. Runs
 * with the check on, in the surefire execution {@code leak-check}, like {@link LeakCheckTest}.
 */
class LeakCheckRecordsTest {

  private static final ContextVar<String> REQUEST = ContextVar.of("request");
  private static final ContextVar<String> TENANT = ContextVar.of("tenant");

  private final Queue<ContextLeak> leaks = new ConcurrentLinkedQueue<>();
  private final ExecutorService raw = Executors.newSingleThreadExecutor();
  private final ExecutorService wrapped = ContextExecutors.wrap(raw);
  private LeakCheck.Listener previous;

  @BeforeAll
  static void theCheckIsOn() {
    assertThat(LeakCheck.isEnabled())
        .as("LeakCheckRecordsTest must run with -D" + LeakCheck.PROPERTY + "=true")
        .isTrue();
  }

  @BeforeEach
  void collectLeaks() {
    previous = LeakCheck.setListener(leaks::add);
  }

  @AfterEach
  void restoreListenerAndCheckThePool() throws Exception {
    LeakCheck.setListener(previous);
    try {
      PoolProbe.assertEveryThreadClean(raw, 1);
    } finally {
      PoolProbe.shutDown(raw);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  @Test
  void anUnresetTokenAmongManyResetOnesIsReportedExactlyOnce() throws Exception {
    await(wrapped.submit(() -> {
      // A reset token first, so the leaking one is not at the front of the records when they
      // are pruned: it must be moved there, once.
      try (Token<String> token = REQUEST.set("reset at once")) {
        REQUEST.get();
      }
      TENANT.set("never reset");
      for (int i = 0; i < 200; i++) {
        try (Token<String> token = REQUEST.set("round " + i)) {
          REQUEST.get();
        }
      }
      leakAfterTheRecordsWerePruned();
    }));
    assertThat(leaks)
        .extracting(ContextLeak::kind, ContextLeak::var)
        .containsExactly(
            tuple(ContextLeak.Kind.UNRESET_TOKEN, TENANT),
            tuple(ContextLeak.Kind.UNRESET_TOKEN, REQUEST));
    // Each leak keeps its own set site through the pruning.
    assertThat(leaks)
        .extracting(leak -> setInMethod(leak, "leakAfterTheRecordsWerePruned"))
        .containsExactly(false, true);
  }

  private static void leakAfterTheRecordsWerePruned() {
    REQUEST.set("never reset either");
  }

  private static boolean setInMethod(ContextLeak leak, String method) {
    for (StackTraceElement frame : leak.setSite().getStackTrace()) {
      if (frame.getMethodName().equals(method)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aContextLeftOutOfOrderIsReportedWithTheCheckOn() {
    Context context = new Context();
    assertThatThrownBy(() -> context.run(() -> ContextSwitch.enter(new Context())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(leaks).extracting(ContextLeak::kind).containsExactly(ContextLeak.Kind.MISMATCHED_EXIT);
  }

  @Test
  void aPoolThreadsLeftoverIsReportedBeforeTheNextWrappedTaskRuns() throws Exception {
    AtomicReference<Token<String>> leftover = new AtomicReference<>();
    await(raw.submit(() -> leftover.set(TENANT.set("left by unwrapped code"))));
    int reportedWhenTheTaskStarted = await(wrapped.submit(leaks::size));
    await(raw.submit(() -> TENANT.reset(leftover.get())));
    assertThat(reportedWhenTheTaskStarted).isEqualTo(1);
    assertThat(leaks)
        .extracting(ContextLeak::kind, ContextLeak::var)
        .containsExactly(
            tuple(ContextLeak.Kind.BOUND_OUTSIDE_TASK, TENANT));
  }
}
