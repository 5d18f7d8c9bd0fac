package org.contextvars.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One benchmark method in a loop, for counting its machine instructions with valgrind's callgrind
 * where the machine has no hardware counters for {@code -prof perfnorm}. Instruction counts do not
 * depend on what else the machine runs, so they compare libraries steadily where times do not.
 *
 * <pre>{@code
 * java -cp benchmarks.jar org.contextvars.benchmarks.InstructionCount get.contextVar 1000000
 * }</pre>
 *
 * <p>Each run binds the same values as the JMH runs (their state classes), calls the workload two
 * million times to let C2 compile it, then {@code operations} times more, and exits. The
 * instructions of one operation are the difference between the totals of two runs with different
 * {@code operations}, divided by that difference: JVM start-up, warm-up and compilation cancel out.
 * {@code count-instructions.sh} beside this module's README does that. The workloads are the JMH
 * benchmark methods themselves, each result passed to a JMH {@link Blackhole}; {@code baseline}
 * measures the loop and the blackhole alone.
 *
 * <p>Cautions: valgrind runs the JVM's threads one at a time and the script passes {@code
 * -XX:-ImplicitNullChecks} (HotSpot's null checks by signal crash the JVM under valgrind now and
 * then) and {@code -Xbatch} (the same compilations in every run); counts describe that code, which
 * differs slightly from what runs by default. An instruction is not a nanosecond: a cache miss or a
 * fence costs many cycles in one instruction.
 */
public final class InstructionCount {

  private static final int WARM_UP_ROUNDS = 200;
  private static final int WARM_UP_OPERATIONS = 10_000;

  /** The workloads by name: the JMH benchmark methods of the per-operation targets. */
  private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

  static {
    Object nothing = new Object();
    WORKLOADS.put("baseline", () -> new Prepared(() -> nothing, () -> {}));

    GetBenchmark get = new GetBenchmark();
    onBoundThread("get.contextVar", get::contextVar);
    // Not through onBoundThread with a state factory: the method reference would then cast its
    // argument to BoundInCopy on every operation, 7 counted instructions that get.contextVar,
    // with which this count is compared, does not run (83 against 76).
    WORKLOADS.put(
        "get.contextVarInCopy",
        () -> {
          BoundInCopy bound = new BoundInCopy();
          bound.bind();
          return new Prepared(() -> get.contextVarInCopy(bound), bound::checkStillBound);
        });
    onBoundThread("get.threadLocal", get::threadLocal);
    onBoundThread("get.openTelemetry", get::openTelemetry);
    onBoundThread("get.grpc", get::grpc);

    SetGetResetBenchmark setGetReset = new SetGetResetBenchmark();
    onBoundThread("setGetReset.contextVar", setGetReset::contextVar);
    onBoundThread("setGetReset.openTelemetry", setGetReset::openTelemetry);

    CopyCurrentBenchmark copy = new CopyCurrentBenchmark();
    onBoundThread("copyCurrent.contextVars", copy::contextCopyCurrent);
    onBoundThread("copyCurrent.transmittableThreadLocal", copy::transmittableThreadLocalCapture);

    SupplyBenchmark supply = new SupplyBenchmark();
    withDetached("supply.contextVars", supply::contextSupply);
    withDetached("supply.openTelemetry", supply::openTelemetryMakeCurrent);

    WrappedExecutorBenchmark wrapped = new WrappedExecutorBenchmark();
    withExecutors("wrapped.contextVars", wrapped::contextExecutors);
    withExecutors("wrapped.openTelemetry", wrapped::openTelemetryTaskWrapping);

    GrowthBenchmark growth = new GrowthBenchmark();
    for (int boundVars : new int[] {4, 10_000}) {
      withManyBound("growth.get." + boundVars, boundVars, growth::get);
      withManyBound("growth.setReset." + boundVars, boundVars, growth::setReset);
    }
  }

  /** Binds what a workload needs on the calling thread. */
  private interface Workload {
    Prepared prepare();
  }

  /** One operation of a workload, and afterwards the check its JMH run makes. */
  private record Prepared(Supplier<Object> operation, Runnable check) {}

  private InstructionCount() {}

  public static void main(String[] args) {
    Workload workload = args.length == 2 ? WORKLOADS.get(args[0]) : null;
    if (workload == null) {
      throw new IllegalArgumentException(
          "usage: InstructionCount <workload> <operations>; workloads: "
              + String.join(", ", WORKLOADS.keySet()));
    }
    long operations = Long.parseLong(args[1]);
    Prepared prepared = workload.prepare();
    Blackhole blackhole =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      repeat(prepared.operation(), blackhole, WARM_UP_OPERATIONS);
    }
    repeat(prepared.operation(), blackhole, operations);
    prepared.check().run();
    System.out.println(args[0] + ": " + operations + " operations after the warm-up");
  }

  private static void repeat(Supplier<Object> operation, Blackhole blackhole, long operations) {
    for (long i = 0; i < operations; i++) {
      blackhole.consume(operation.get());
    }
  }

  // Each kind of workload builds its own operation lambda around the benchmark method, although
  // they look alike: one shared helper wrapping the others' lambdas measured 7 to 17 instructions
  // more per operation (supply and wrapped), a call the counts would then include.

  private static void onBoundThread(String name, Function<BoundOnThread, Object> benchmark) {
    WORKLOADS.put(
        name,
        () -> {
          BoundOnThread bound = boundOnThread();
          return new Prepared(() -> benchmark.apply(bound), bound::checkStillBound);
        });
  }

  private static void withDetached(
      String name, BiFunction<BoundOnThread, SupplyBenchmark.Detached, Object> benchmark) {
    WORKLOADS.put(
        name,
        () -> {
          BoundOnThread bound = boundOnThread();
          SupplyBenchmark.Detached detached = new SupplyBenchmark.Detached();
          detached.build();
          return new Prepared(() -> benchmark.apply(bound, detached), bound::checkStillBound);
        });
  }

  private static void withExecutors(
      String name, BiConsumer<BoundOnThread, WrappedExecutorBenchmark.Decorated> benchmark) {
    WORKLOADS.put(
        name,
        () -> {
          BoundOnThread bound = boundOnThread();
          WrappedExecutorBenchmark.Decorated executors = new WrappedExecutorBenchmark.Decorated();
          return new Prepared(
              () -> {
                benchmark.accept(bound, executors);
                return executors;
              },
              () -> {
                bound.checkStillBound();
                executors.checkEveryTaskRan();
              });
        });
  }

  /** The JMH state that binds the four keys of every library on the calling thread, bound. */
  private static BoundOnThread boundOnThread() {
    BoundOnThread bound = new BoundOnThread();
    bound.bind();
    return bound;
  }

  private static void withManyBound(
      String name, int boundVars, Function<GrowthBenchmark.ManyBound, Object> benchmark) {
    WORKLOADS.put(
        name,
        () -> {
          GrowthBenchmark.ManyBound bound = new GrowthBenchmark.ManyBound();
          bound.boundVars = boundVars;
          bound.bind();
          return new Prepared(() -> benchmark.apply(bound), bound::checkStillBound);
        });
  }
}
