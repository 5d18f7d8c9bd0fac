package org.contextvars.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextLeak;
import org.contextvars.ContextVar;
import org.contextvars.LeakCheck;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer scopes closed out of order, through Micrometer's public API: each is detected,
 * reported, and never leaves a context current, or shared between threads, after the code that
 * entered it is gone.
 */
class OutOfOrderScopesTest {

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");

  private final ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
  private final List<ContextLeak> reports = new CopyOnWriteArrayList<>();
  private LeakCheck.Listener previousListener;

  @BeforeEach
  void collectReports() {
    previousListener = LeakCheck.setListener(reports::add);
  }

  @AfterEach
  void restoreListener() {
    LeakCheck.setListener(previousListener);
  }

  private ContextSnapshot snapshotOf(String tenant) {
    try (Token<String> token = TENANT.set(tenant)) {
      return factory.captureAll();
    }
  }

  @Test
  void aScopeOpenedInsideRunAndClosedAfterItNeverLeavesTheContextCurrentOrOwned() throws Exception {
    Context ctx = new Context().with(TENANT, "ctx");
    ContextSnapshot snapshot = snapshotOf("scope");
    AtomicReference<ContextSnapshot.Scope> scope = new AtomicReference<>();

    assertThatThrownBy(() -> ctx.run(() -> scope.set(snapshot.setThreadLocals())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(run)");
    assertThat(TENANT.isBound()).as("the thread is back in its own context").isFalse();

    // ctx is free: another thread runs it, while this thread is no longer in it.
    AtomicReference<String> seen = new AtomicReference<>();
    Thread other = new Thread(() -> ctx.run(() -> seen.set(TENANT.get())));
    other.start();
    other.join();
    assertThat(seen).hasValue("ctx");

    assertThatThrownBy(scope.get()::close).isInstanceOf(IllegalStateException.class);
    assertThat(TENANT.isBound()).isFalse();
    assertThat(reports).extracting(ContextLeak::kind)
        .containsOnly(ContextLeak.Kind.MISMATCHED_EXIT)
        .hasSize(2);
  }

  @Test
  void aScopeOpenedBeforeRunAndClosedInsideItLeavesRunInItsOwnContext() {
    Context ctx = new Context().with(TENANT, "ctx");
    ContextSnapshot.Scope scope = snapshotOf("scope").setThreadLocals();
    ctx.run(() -> {
      assertThatThrownBy(scope::close).isInstanceOf(IllegalStateException.class);
      assertThat(TENANT.get()).isEqualTo("ctx");
      TENANT.set("after the close");
    });
    assertThat(ctx.get(TENANT)).isEqualTo("after the close");
    assertThat(TENANT.isBound()).as("the scoped value is gone from the thread").isFalse();
    assertThat(reports).hasSize(1);
  }

  @Test
  void scopesClosedOldestFirstEndWhereTheyStarted() {
    try (Token<String> token = TENANT.set("outside")) {
      ContextSnapshot.Scope first = snapshotOf("first").setThreadLocals();
      ContextSnapshot.Scope second = snapshotOf("second").setThreadLocals();
      assertThatThrownBy(first::close).isInstanceOf(IllegalStateException.class);
      assertThat(TENANT.get()).isEqualTo("second");
      second.close();
      assertThat(TENANT.get()).isEqualTo("outside");
    }
    assertThat(reports).hasSize(1);
  }

  /**
   * The scope is told apart by the previous value Micrometer hands back. A scope opened over an
   * empty context gets none (Micrometer calls {@code restore()}), so this thread holds a value.
   */
  @Test
  void aScopeClosedOnAnotherThreadThatHasItsOwnScopeChangesNothingThere() throws Exception {
    try (Token<String> token = TENANT.set("outside")) {
      ContextSnapshot.Scope mine = snapshotOf("mine").setThreadLocals();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicReference<String> afterwards = new AtomicReference<>();
      Thread other = new Thread(() -> {
        ContextSnapshot.Scope theirs = snapshotOf("theirs").setThreadLocals();
        try {
          mine.close();
        } catch (IllegalStateException e) {
          failure.set(e);
        }
        afterwards.set(TENANT.get());
        theirs.close();
      });
      other.start();
      other.join();
      assertThat(failure.get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no scope open on this thread");
      assertThat(afterwards).hasValue("theirs");
      assertThat(TENANT.get()).isEqualTo("mine");
      mine.close();
      assertThat(TENANT.get()).isEqualTo("outside");
    }
  }

  @Test
  void aWrappedTaskThatForgetsAScopeFailsAndLeavesThePoolThreadClean() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ContextSnapshot snapshot = snapshotOf("forgotten");
      Future<?> forgetful =
          ContextExecutors.wrap(pool).submit(() -> {
            snapshot.setThreadLocals(); // never closed
          });
      assertThatThrownBy(forgetful::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
      assertThat(pool.submit(CleanThreads::state).get(10, TimeUnit.SECONDS).isClean()).isTrue();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void scopesClosedInOrderAreNeverReported() {
    try (Token<String> token = TENANT.set("outside")) {
      try (ContextSnapshot.Scope first = snapshotOf("first").setThreadLocals()) {
        try (ContextSnapshot.Scope second = snapshotOf("second").setThreadLocals()) {
          assertThat(TENANT.get()).isEqualTo("second");
        }
        assertThat(TENANT.get()).isEqualTo("first");
      }
      assertThat(TENANT.get()).isEqualTo("outside");
    }
    assertThat(reports).isEmpty();
  }
}
