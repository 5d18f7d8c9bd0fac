package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;

/**
 * The leak check switched on. The switch is read once per JVM, so this class runs only in the
 * surefire execution {@code leak-check}, whose JVM has {@code -Dorg.contextvars.leakCheck=true}. To
 * run it alone: {@code ./mvnw -pl context-api test -Dtest=LeakCheckTest
 * -Dorg.contextvars.leakCheck=true}.
 */
class LeakCheckTest {

  private static final ContextVar<String> REQUEST = ContextVar.of("request");
  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final String POOL_THREAD = "leak-check-pool";

  private final Queue<ContextLeak> leaks = new ConcurrentLinkedQueue<>();
  private final ExecutorService raw =
      Executors.newSingleThreadExecutor(task -> new Thread(task, POOL_THREAD));
  private final ExecutorService wrapped = ContextExecutors.wrap(raw);
  private LeakCheck.Listener previous;

  @BeforeAll
  static void theCheckIsOn() {
    assertThat(LeakCheck.isEnabled())
        .as("LeakCheckTest must run with -D" + LeakCheck.PROPERTY + "=true")
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

  private static void assertSetSiteIsInThisClass(Throwable setSite) {
    assertThat(setSite).isNotNull();
    StackTraceElement[] trace = setSite.getStackTrace();
    assertThat(trace[0].getClassName()).isEqualTo(ContextVar.class.getName());
    assertThat(trace[0].getMethodName()).isEqualTo("set");
    assertThat(Arrays.stream(trace).map(StackTraceElement::getClassName))
        .anySatisfy(name -> assertThat(name).startsWith(LeakCheckTest.class.getName()));
  }

  // ---------------------------------------------------------------------------------------------
  // Unreset tokens

  @Test
  void aWrappedTaskThatNeverResetsItsTokenIsReportedWithTheSetSite() throws Exception {
    await(wrapped.submit(() -> REQUEST.set("secret-42")));

    assertThat(leaks).hasSize(1);
    ContextLeak leak = leaks.peek();
    assertThat(leak.kind()).isEqualTo(ContextLeak.Kind.UNRESET_TOKEN);
    assertThat(leak.var()).isSameAs(REQUEST);
    assertThat(leak.threadName()).isEqualTo(POOL_THREAD);
    assertThat(leak.message()).contains("ContextVar(request)", POOL_THREAD);
    assertThat(leak.message()).as("values stay out of reports").doesNotContain("secret-42");
    assertSetSiteIsInThisClass(leak.setSite());
  }

  @Test
  void aTaskThatResetsOrClosesEveryTokenIsNotReported() throws Exception {
    await(wrapped.submit(() -> {
      try (Token<String> token = REQUEST.set("closed")) {
        Token<String> reset = TENANT.set("reset");
        TENANT.reset(reset);
      }
    }));
    assertThat(leaks).isEmpty();
  }

  @Test
  void setsInAContextTheTaskEntersItselfAreNotReported() throws Exception {
    Context kept = new Context();
    await(wrapped.submit(() -> kept.run(() -> REQUEST.set("kept on purpose"))));
    assertThat(leaks).isEmpty();
    assertThat(kept.get(REQUEST)).isEqualTo("kept on purpose");
  }

  @Test
  void aLongTaskThatSetsAndResetsInALoopReportsOnlyWhatItLeaves() throws Exception {
    await(wrapped.submit(() -> {
      for (int i = 0; i < 10_000; i++) {
        try (Token<String> token = REQUEST.set("round " + i)) {
          TENANT.orElse(null);
        }
      }
      TENANT.set("left behind");
    }));
    assertThat(leaks).extracting(ContextLeak::var).containsExactly(TENANT);
  }

  @Test
  void everyUnresetTokenOfATaskIsReported() throws Exception {
    await(wrapped.submit(() -> {
      REQUEST.set("first");
      REQUEST.set("second");
      TENANT.set("third");
    }));
    assertThat(leaks).extracting(ContextLeak::var).containsExactly(REQUEST, REQUEST, TENANT);
  }

  @Test
  void stagesOfAContextFutureAreCheckedForUnresetTokens() throws Exception {
    ContextCompletableFuture<String> source = new ContextCompletableFuture<>();
    ContextCompletableFuture<?> leaking = source.thenRun(() -> TENANT.set("from a stage"));
    ContextCompletableFuture<?> tidy = source.thenAccept(v -> {
      try (Token<String> token = TENANT.set(v)) {
        TENANT.get();
      }
    });
    await(raw.submit(() -> source.complete("v")));
    await(leaking);
    await(tidy);

    assertThat(leaks).hasSize(1);
    ContextLeak leak = leaks.peek();
    assertThat(leak.kind()).isEqualTo(ContextLeak.Kind.UNRESET_TOKEN);
    assertThat(leak.var()).isSameAs(TENANT);
    assertThat(leak.threadName()).isEqualTo(POOL_THREAD);
    assertSetSiteIsInThisClass(leak.setSite());
  }

  @Test
  void wrappedForkJoinTasksAreChecked() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      pool.invoke(ContextExecutors.wrap(new RecursiveAction() {
        @Override
        protected void compute() {
          REQUEST.set("from a fork/join task");
        }
      }));
    } finally {
      pool.shutdownNow();
    }
    assertThat(leaks).extracting(ContextLeak::kind, ContextLeak::var)
        .containsExactly(tuple(ContextLeak.Kind.UNRESET_TOKEN, REQUEST));
  }

  @Test
  void aThreadFromAnInheritingFactoryIsCheckedWhenItEnds() throws Exception {
    Thread thread = ContextExecutors.inheriting(task -> new Thread(task, "inheriting"))
        .newThread(() -> REQUEST.set("for the whole thread"));
    thread.start();
    thread.join(10_000);
    assertThat(leaks).extracting(ContextLeak::threadName).containsExactly("inheriting");
  }

  // ---------------------------------------------------------------------------------------------
  // Bindings left on a pool thread outside any task

  @Test
  void aBindingLeftOnAPoolThreadByUnwrappedCodeIsReportedOnceWithItsSetSite() throws Exception {
    AtomicReference<Token<String>> leaked = new AtomicReference<>();
    await(raw.submit(() -> leaked.set(REQUEST.set("leaked by unwrapped code"))));
    try {
      try (Token<String> token = REQUEST.set("mine")) {
        assertThat(await(wrapped.submit(REQUEST::get))).isEqualTo("mine");
        assertThat(await(wrapped.submit(REQUEST::get))).isEqualTo("mine");
      }

      assertThat(leaks).as("reported once, not per task").hasSize(1);
      ContextLeak leak = leaks.peek();
      assertThat(leak.kind()).isEqualTo(ContextLeak.Kind.BOUND_OUTSIDE_TASK);
      assertThat(leak.var()).isSameAs(REQUEST);
      assertThat(leak.threadName()).isEqualTo(POOL_THREAD);
      assertThat(leak.message()).doesNotContain("leaked by unwrapped code");
      assertSetSiteIsInThisClass(leak.setSite());
    } finally {
      await(raw.submit(() -> leaked.get().close()));
    }

    await(wrapped.submit(() -> {}));
    assertThat(leaks).as("nothing new once the thread is clean").hasSize(1);

    await(raw.submit(() -> leaked.set(REQUEST.set("leaked by unwrapped code"))));
    try {
      await(wrapped.submit(() -> {}));
      assertThat(leaks).as("the same leak, again after a clean spell").hasSize(2);
    } finally {
      await(raw.submit(() -> leaked.get().close()));
    }
  }

  @Test
  void bindingsATaskUncoversByClosingItsWorkersScopeAreReportedWhenItEnds() throws Exception {
    AtomicReference<Token<String>> leaked = new AtomicReference<>();
    Context workerScope = new Context();
    await(raw.submit(() -> {
      leaked.set(REQUEST.set("the worker's own"));
      ContextSwitch.enter(workerScope);
    }));
    try {
      // The task starts in an empty scope, so nothing looks wrong when it starts; closing that
      // scope from inside the task puts the worker's own bindings back when it ends.
      String closing = await(wrapped.submit(() -> {
        try {
          ContextSwitch.leave(workerScope);
          return "closed without a word";
        } catch (IllegalStateException e) {
          return e.getMessage();
        }
      }));
      assertThat(closing).contains("closed the scope of " + workerScope.describe());
      assertThat(leaks)
          .extracting(ContextLeak::kind, ContextLeak::var, ContextLeak::threadName)
          .containsExactly(
              tuple(ContextLeak.Kind.MISMATCHED_EXIT, null, POOL_THREAD),
              tuple(ContextLeak.Kind.BOUND_OUTSIDE_TASK, REQUEST, POOL_THREAD));
      assertThat(await(raw.submit(() -> REQUEST.get()))).isEqualTo("the worker's own");
    } finally {
      await(raw.submit(() -> leaked.get().close()));
    }
  }

  @Test
  void aTaskRunByItsOwnSubmitterIsNotBlamedForTheSubmittersValues() {
    try (Token<String> token = REQUEST.set("the caller's own")) {
      ContextExecutors.wrap((Executor) Runnable::run).execute(() -> {});
      Context.copyCurrent().wrap(() -> {}).run();
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void aTaskNestedInAnotherWrappedTaskIsNotBlamedForTheOuterTasksValues() throws Exception {
    Runnable inner = Context.copyCurrent().wrap(() -> {});
    await(wrapped.submit(() -> {
      try (Token<String> token = TENANT.set("the outer task's own")) {
        inner.run();
      }
    }));
    assertThat(leaks).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The listener

  @Test
  void aThrowingListenerIsLoggedAndDoesNotBreakTheTask() throws Exception {
    List<LogRecord> records = new ArrayList<>();
    Handler handler = capturing(records);
    Logger logger = Logger.getLogger("org.contextvars.LeakCheck");
    logger.addHandler(handler);
    LeakCheck.setListener(leak -> {
      throw new IllegalStateException("listener broke");
    });
    try {
      assertThat(await(wrapped.submit(() -> {
        REQUEST.set("never reset");
        return "result";
      }))).isEqualTo("result");
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(records).anySatisfy(r -> {
      assertThat(r.getMessage()).contains("listener failed");
      assertThat(r.getThrown()).hasMessage("listener broke");
    });
  }

  @Test
  void setListenerReturnsThePreviousListenerAndRejectsNull() {
    LeakCheck.Listener mine = leak -> {};
    LeakCheck.Listener before = LeakCheck.setListener(mine);
    assertThat(LeakCheck.setListener(before)).isSameAs(mine);
    assertThatThrownBy(() -> LeakCheck.setListener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener must not be null");
  }

  static Handler capturing(List<LogRecord> records) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (records) {
          records.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}
