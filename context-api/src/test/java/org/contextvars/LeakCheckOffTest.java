package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;

/** The leak check as every JVM has it unless switched on: off, silent, with a logging default. */
class LeakCheckOffTest {

  private static final ContextVar<String> REQUEST = ContextVar.of("request");

  @Test
  void theCheckIsOffByDefault() {
    assertThat(System.getProperty(LeakCheck.PROPERTY)).isNull();
    assertThat(LeakCheck.isEnabled()).isFalse();
    assertThat(LeakCheck.PROPERTY).isEqualTo("org.contextvars.leakCheck");
  }

  @Test
  void nothingIsReportedWhenTheCheckIsOff() throws Exception {
    Queue<ContextLeak> leaks = new ConcurrentLinkedQueue<>();
    LeakCheck.Listener previous = LeakCheck.setListener(leaks::add);
    ExecutorService raw = Executors.newSingleThreadExecutor();
    AtomicReference<Token<String>> leaked = new AtomicReference<>();
    try {
      raw.submit(() -> leaked.set(REQUEST.set("left on the thread"))).get(10, TimeUnit.SECONDS);
      ContextExecutors.wrap(raw).submit(() -> REQUEST.set("never reset")).get(10, TimeUnit.SECONDS);
      ContextCompletableFuture.completedFuture("v").thenRun(() -> REQUEST.set("never reset"));
      assertThat(leaks).isEmpty();
    } finally {
      LeakCheck.setListener(previous);
      raw.submit(() -> leaked.get().close()).get(10, TimeUnit.SECONDS);
      PoolProbe.shutDown(raw);
    }
  }

  @Test
  void wrappedTasksOnAThreadLeftWithBindingsReportNothingWhenTheCheckIsOff() throws Exception {
    Queue<ContextLeak> leaks = new ConcurrentLinkedQueue<>();
    LeakCheck.Listener previous = LeakCheck.setListener(leaks::add);
    AtomicReference<String> inTask = new AtomicReference<>();
    AtomicReference<String> afterTask = new AtomicReference<>();
    Runnable task =
        new Context()
            .with(REQUEST, "task")
            .wrap(
                () -> {
                  inTask.set(REQUEST.get());
                  REQUEST.set("never reset");
                });
    Callable<String> callable =
        new Context()
            .with(REQUEST, "callable")
            .wrap(
                () -> {
                  String seen = REQUEST.get();
                  REQUEST.set("never reset");
                  return seen;
                });
    AtomicReference<String> inCallable = new AtomicReference<>();
    // Not the thread that wrapped the tasks, holding a value of its own: what the check, when on,
    // would report before and after each task.
    Thread worker =
        new Thread(
            () -> {
              try (Token<String> leftover = REQUEST.set("left on the worker")) {
                task.run();
                inCallable.set(callable.call());
                afterTask.set(REQUEST.get());
              } catch (Exception e) {
                inCallable.set(e.toString());
              }
            });
    try {
      worker.start();
      worker.join();
    } finally {
      LeakCheck.setListener(previous);
    }
    assertThat(inTask).hasValue("task");
    assertThat(inCallable).hasValue("callable");
    assertThat(afterTask).hasValue("left on the worker");
    assertThat(leaks).isEmpty();
  }

  @Test
  void aTaskGivenToAWrappedExecutorReportsNothingWhenTheCheckIsOff() throws Exception {
    Queue<ContextLeak> leaks = new ConcurrentLinkedQueue<>();
    ExecutorService raw = Executors.newSingleThreadExecutor();
    AtomicReference<Token<String>> leftover = new AtomicReference<>();
    AtomicReference<String> inTask = new AtomicReference<>();
    LeakCheck.Listener previous = LeakCheck.setListener(leaks::add);
    try {
      raw.submit(() -> leftover.set(REQUEST.set("left on the thread"))).get(10, TimeUnit.SECONDS);
      try (Token<String> submitter = REQUEST.set("submitter")) {
        ContextExecutors.wrap(raw)
            .execute(
                () -> {
                  inTask.set(REQUEST.get());
                  REQUEST.set("never reset");
                });
      }
      assertThat(raw.submit(() -> REQUEST.get()).get(10, TimeUnit.SECONDS))
          .as("the worker afterwards")
          .isEqualTo("left on the thread");
      assertThat(inTask).hasValue("submitter");
      assertThat(leaks).isEmpty();
    } finally {
      LeakCheck.setListener(previous);
      raw.submit(() -> leftover.get().close()).get(10, TimeUnit.SECONDS);
      PoolProbe.shutDown(raw);
    }
  }

  @Test
  void theDefaultListenerLogsAWarningWithTheSetSite() {
    assertThat(LeakCheck.loggingListener()).isNotNull();

    Throwable site = new Throwable("set here");
    ContextLeak leak = new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, REQUEST, "worker-1", site);
    List<LogRecord> records = logged(leak);
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).startsWith(leak.message());
      assertThat(r.getThrown()).isSameAs(site);
    });
  }

  @Test
  void theDefaultListenerLogsEachPlaceThatLeaksOnce() {
    ContextVar<String> var = ContextVar.of("logged once");
    Throwable site = new Throwable("one site");
    List<LogRecord> records = logged(
        new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, var, "worker-1", site),
        new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, var, "worker-2", site),
        new ContextLeak(ContextLeak.Kind.BOUND_OUTSIDE_TASK, var, "worker-1", site),
        new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, var, "worker-1", siteOnAnotherLine()));
    assertThat(records).extracting(LogRecord::getThrown).hasSize(3);
  }

  private static Throwable siteOnAnotherLine() {
    return new Throwable("another site");
  }

  private static List<LogRecord> logged(ContextLeak... leaks) {
    return LoggingLeakListenerTest.logged(leaks);
  }

  @Test
  void setListenerRejectsNull() {
    assertThatThrownBy(() -> LeakCheck.setListener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener must not be null");
  }
}
