package org.contextvars.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.contextvars.micrometer.CleanThreads.ThreadState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor's automatic context propagation, which restores captured values around every operator
 * signal through Micrometer's registry. A schedule hook checks every task that runs on Reactor's
 * schedulers during a test: the thread must be clean before the task starts and after it ends.
 */
class ReactorPropagationTest {

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final String HOOK = "contextvars-probe";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Queue<String> dirtyTasks = new ConcurrentLinkedQueue<>();
  private final Set<String> schedulerThreads = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void enablePropagationAndProbeEveryTask() {
    Hooks.enableAutomaticContextPropagation();
    // Registered after Reactor's own schedule hook, so it wraps the scope that Reactor opens.
    Schedulers.onScheduleHook(
        HOOK,
        task ->
            () -> {
              ThreadState before = CleanThreads.state();
              // Recorded before the task runs: block() may return while the task is still in
              // this finally block.
              schedulerThreads.add(before.thread());
              try {
                task.run();
              } finally {
                ThreadState after = CleanThreads.state();
                if (!before.isClean()) {
                  dirtyTasks.add("before a task: " + before);
                }
                if (!after.isClean()) {
                  dirtyTasks.add("after a task: " + after);
                }
              }
            });
  }

  @AfterEach
  void everySchedulerThreadIsCleanAndHooksAreReset() throws Exception {
    Schedulers.resetOnScheduleHook(HOOK);
    Hooks.disableAutomaticContextPropagation();
    // Probed with the hooks off, so that no snapshot scope wraps the probes themselves.
    List<ThreadState> probes = new ArrayList<>(probeEveryParallelWorker());
    probes.addAll(probe(Schedulers.boundedElastic(), 8));
    assertThat(probes).allMatch(ThreadState::isClean);
    assertThat(dirtyTasks).isEmpty();
  }

  /** Parallel workers are handed out round-robin: twice the pool size reaches every thread. */
  private static List<ThreadState> probeEveryParallelWorker() throws Exception {
    List<ThreadState> states = probe(Schedulers.parallel(), 2 * Schedulers.DEFAULT_POOL_SIZE);
    assertThat(states.stream().map(ThreadState::thread).distinct())
        .hasSize(Schedulers.DEFAULT_POOL_SIZE);
    return states;
  }

  private static List<ThreadState> probe(Scheduler scheduler, int workers) throws Exception {
    List<CompletableFuture<ThreadState>> probes = new ArrayList<>();
    List<Scheduler.Worker> created = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        Scheduler.Worker worker = scheduler.createWorker();
        created.add(worker);
        CompletableFuture<ThreadState> probe = new CompletableFuture<>();
        worker.schedule(() -> probe.complete(CleanThreads.state()));
        probes.add(probe);
      }
      List<ThreadState> states = new ArrayList<>();
      for (CompletableFuture<ThreadState> probe : probes) {
        states.add(probe.get(10, TimeUnit.SECONDS));
      }
      return states;
    } finally {
      created.forEach(Scheduler.Worker::dispose);
    }
  }

  @Test
  void aValueSetBeforeAMonoIsSeenInOperatorsOnTheParallelScheduler() {
    try (Token<String> token = TENANT.set("acme")) {
      String seen =
          Mono.just("x")
              .publishOn(Schedulers.parallel())
              .map(x -> TENANT.get() + "@" + Thread.currentThread().getName())
              .contextCapture()
              .block(TIMEOUT);
      assertThat(seen).startsWith("acme@parallel-");
    }
    assertThat(schedulerThreads).isNotEmpty();
  }

  @Test
  void aValueSetBeforeAFluxIsSeenOnBoundedElasticAndParallelThreads() {
    List<String> seen;
    try (Token<String> token = TENANT.set("acme")) {
      seen =
          Flux.range(0, 200)
              .subscribeOn(Schedulers.boundedElastic())
              .map(i -> TENANT.get())
              .publishOn(Schedulers.parallel())
              .filter(value -> value.equals(TENANT.get()))
              .flatMap(
                  value ->
                      Mono.fromCallable(() -> value + "/" + TENANT.get())
                          .subscribeOn(Schedulers.boundedElastic()))
              .contextCapture()
              .collectList()
              .block(TIMEOUT);
    }
    assertThat(seen).hasSize(200).containsOnly("acme/acme");
    assertThat(schedulerThreads)
        .anyMatch(name -> name.startsWith("boundedElastic-"))
        .anyMatch(name -> name.startsWith("parallel-"));
  }

  @Test
  void blockCapturesTheCallersValuesWithoutAnExplicitContextCapture() {
    try (Token<String> token = TENANT.set("acme")) {
      String seen =
          Mono.fromCallable(TENANT::get).subscribeOn(Schedulers.boundedElastic()).block(TIMEOUT);
      assertThat(seen).isEqualTo("acme");
    }
  }

  @Test
  void setsInsideAnOperatorNeverReachTheCallerOrTheNextSubscription() {
    try (Token<String> token = TENANT.set("acme")) {
      Mono<String> mono =
          Mono.just("x")
              .publishOn(Schedulers.parallel())
              .map(x -> TENANT.get())
              .doOnNext(x -> TENANT.set("changed in doOnNext"))
              .publishOn(Schedulers.boundedElastic())
              .contextCapture();
      assertThat(mono.block(TIMEOUT)).isEqualTo("acme");
      assertThat(mono.block(TIMEOUT)).isEqualTo("acme");
      assertThat(TENANT.get()).isEqualTo("acme");
    }
  }

  @Test
  void aPipelineWithoutValuesSeesNoneEvenWhereOthersRan() {
    try (Token<String> token = TENANT.set("acme")) {
      Mono.fromCallable(TENANT::get).subscribeOn(Schedulers.parallel()).block(TIMEOUT);
    }
    Boolean bound =
        Mono.fromCallable(TENANT::isBound)
            .subscribeOn(Schedulers.parallel())
            .contextCapture()
            .block(TIMEOUT);
    assertThat(bound).isFalse();
  }

  @Test
  void manyConcurrentPipelinesEachSeeTheirOwnValue() throws Exception {
    int pipelines = Boolean.getBoolean("contextvars.stress") ? 20_000 : 500;
    List<CompletableFuture<List<String>>> results = new ArrayList<>();
    for (int i = 0; i < pipelines; i++) {
      try (Token<String> token = TENANT.set("tenant-" + i)) {
        Scheduler first = i % 2 == 0 ? Schedulers.parallel() : Schedulers.boundedElastic();
        Scheduler second = i % 2 == 0 ? Schedulers.boundedElastic() : Schedulers.parallel();
        Duration pause = Duration.ofMillis(1 + i % 3);
        // Subscribed here, inside the binding: all pipelines are in flight at once.
        results.add(
            Flux.range(0, 3)
                .publishOn(first)
                .map(n -> TENANT.get())
                .delayUntil(value -> Mono.delay(pause, second))
                .map(value -> value + "|" + TENANT.get())
                .publishOn(second)
                .map(value -> value + "|" + TENANT.get())
                .contextCapture()
                .collectList()
                .toFuture());
      }
    }
    for (int i = 0; i < pipelines; i++) {
      String tenant = "tenant-" + i;
      String expected = tenant + "|" + tenant + "|" + tenant;
      assertThat(results.get(i).get(30, TimeUnit.SECONDS))
          .as("pipeline %d", i)
          .containsExactly(expected, expected, expected);
    }
  }
}
