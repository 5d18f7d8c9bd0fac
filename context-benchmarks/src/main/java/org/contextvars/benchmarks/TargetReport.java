package org.contextvars.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns JMH JSON result files ({@code -rf json}, run with {@code -prof gc}) into the performance
 * targets as ratios against their baselines, marked pass or fail, the allocation targets, the cost
 * per unit of work of benchmarks that repeat one (a resume, a launched child), and every result
 * with its allocation, as Markdown tables.
 *
 * <pre>{@code
 * java -cp context-benchmarks/target/benchmarks.jar org.contextvars.benchmarks.TargetReport \
 *     round1.json round2.json round3.json
 * }</pre>
 *
 * <p>Each file is one round: a ratio compares two benchmarks of the same file, so both sides ran
 * minutes apart on the same JVM; pairs missing from a file are skipped. On a shared machine other
 * processes only ever add time, in bursts, so a benchmark's score here is the median of its
 * measurement iterations rather than their mean, and a target's ratio is the median of the
 * per-round ratios, with the lowest and highest round shown. A verdict the rounds disagree on is
 * marked "not in every round".
 */
public final class TargetReport {

  /** A claim that {@code subject} costs at most {@code limit} times {@code baseline}. */
  static final class Ratio {
    final String claim;
    final String subject;
    final String baseline;
    final double limit; // NaN: a comparison without a target

    Ratio(String claim, String subject, String baseline, double limit) {
      this.claim = claim;
      this.subject = subject;
      this.baseline = baseline;
      this.limit = limit;
    }
  }

  static final List<Ratio> TARGETS =
      Arrays.asList(
          new Ratio("get <= 0.9x OpenTelemetry get", "GetBenchmark.contextVar", "GetBenchmark.openTelemetry", 0.9),
          new Ratio("get <= 0.9x gRPC key.get()", "GetBenchmark.contextVar", "GetBenchmark.grpc", 0.9),
          new Ratio("get <= 2x ThreadLocal.get()", "GetBenchmark.contextVar", "GetBenchmark.threadLocal", 2),
          new Ratio(
              "set+get+reset <= 0.8x OpenTelemetry with+makeCurrent+get+close",
              "SetGetResetBenchmark.contextVar",
              "SetGetResetBenchmark.openTelemetry",
              0.8),
          new Ratio(
              "copyCurrent <= 0.1x TTL Transmitter.capture()",
              "CopyCurrentBenchmark.contextCopyCurrent",
              "CopyCurrentBenchmark.transmittableThreadLocalCapture",
              0.1),
          new Ratio(
              "supply <= 1.5x OpenTelemetry makeCurrent+get+close",
              "SupplyBenchmark.contextSupply",
              "SupplyBenchmark.openTelemetryMakeCurrent",
              1.5),
          new Ratio(
              "ContextExecutors.wrap <= 2x OpenTelemetry taskWrapping",
              "WrappedExecutorBenchmark.contextExecutors",
              "WrappedExecutorBenchmark.openTelemetryTaskWrapping",
              2),
          new Ratio(
              "get, 10000 bound <= 2x get, 4 bound",
              "GrowthBenchmark.get[10000]",
              "GrowthBenchmark.get[4]",
              2),
          new Ratio(
              "set+reset, 10000 bound <= 3x set+reset, 4 bound",
              "GrowthBenchmark.setReset[10000]",
              "GrowthBenchmark.setReset[4]",
              3),
          new Ratio(
              "coroutine, 100 x (yield + get): ContextElement <= 1x ThreadLocal.asContextElement",
              "CoroutineResumeBenchmark.contextElement[100]",
              "CoroutineResumeBenchmark.threadLocalElement[100]",
              1),
          new Ratio(
              "100 x withContext: VAR.asContextElement <= 1.2x ThreadLocal.asContextElement",
              "CoroutineWithContextBenchmark.contextVarElement",
              "CoroutineWithContextBenchmark.threadLocalElement",
              1.2),
          new Ratio(
              "launch 100 children: ContextElement <= 1.15x ThreadLocal.asContextElement",
              "CoroutineLaunchBenchmark.contextElement",
              "CoroutineLaunchBenchmark.threadLocalElement",
              1.15),
          new Ratio(
              "request (3 vars, 10 log lines, 2 hops, 3 stages, 20 reads) <= 1x OpenTelemetry + MDC.put",
              "RequestBenchmark.contextVars",
              "RequestBenchmark.openTelemetry",
              1),
          new Ratio(
              "2000 coroutines x 100 yields on Default: ContextElement <= 1.05x ThreadLocal.asContextElement",
              "ManyCoroutinesBenchmark.contextElement",
              "ManyCoroutinesBenchmark.threadLocalElement",
              1.05),
          new Ratio(
              "virtual threads (set+get+reset, end): ContextVar <= 1.5x ThreadLocal",
              "VirtualThreadBenchmark.contextVar[*]",
              "VirtualThreadBenchmark.threadLocal[*]",
              1.5));

  private static final List<Ratio> COMPARISONS =
      Arrays.asList(
          info("get in a copy nobody set in (a task's, a coroutine's) vs gRPC key.get()", "GetBenchmark.contextVarInCopy", "GetBenchmark.grpc"),
          info("get in a copy nobody set in vs get where the values were set", "GetBenchmark.contextVarInCopy", "GetBenchmark.contextVar"),
          info("get vs TransmittableThreadLocal get", "GetBenchmark.contextVar", "GetBenchmark.transmittableThreadLocal"),
          info("get vs ScopedValue get", "GetBenchmark.contextVar", "ScopedValueBenchmark.get"),
          info("set+get+reset vs gRPC withValue+attach+get+detach", "SetGetResetBenchmark.contextVar", "SetGetResetBenchmark.grpc"),
          info("set+get+reset vs ThreadLocal save+set+get+restore", "SetGetResetBenchmark.contextVar", "SetGetResetBenchmark.threadLocal"),
          info("set+get+reset vs TTL save+set+get+restore", "SetGetResetBenchmark.contextVar", "SetGetResetBenchmark.transmittableThreadLocal"),
          info("set+get+reset vs ScopedValue where(..).call(get)", "SetGetResetBenchmark.contextVar", "ScopedValueBenchmark.whereCall"),
          info("copyCurrent vs OpenTelemetry Context.current()", "CopyCurrentBenchmark.contextCopyCurrent", "CopyCurrentBenchmark.openTelemetryCurrent"),
          info("supply vs gRPC attach+get+detach", "SupplyBenchmark.contextSupply", "SupplyBenchmark.grpcAttach"),
          info("supply(VAR::get) inline vs supply(constant)", "SupplyBenchmark.contextSupplyInlineMethodRef", "SupplyBenchmark.contextSupply"),
          info("supply vs ScopedValue carrier.call(get)", "SupplyBenchmark.contextSupply", "ScopedValueBenchmark.carrierCall"),
          info("ContextExecutors.wrap vs gRPC currentContextExecutor", "WrappedExecutorBenchmark.contextExecutors", "WrappedExecutorBenchmark.grpcCurrentContextExecutor"),
          info("ContextExecutors.wrap vs TtlExecutors.getTtlExecutor", "WrappedExecutorBenchmark.contextExecutors", "WrappedExecutorBenchmark.transmittableThreadLocal"),
          info("ContextExecutors.wrap vs unwrapped direct executor", "WrappedExecutorBenchmark.contextExecutors", "WrappedExecutorBenchmark.direct"),
          info("get, 16 bound vs 4 bound", "GrowthBenchmark.get[16]", "GrowthBenchmark.get[4]"),
          info("set+reset, 16 bound vs 4 bound", "GrowthBenchmark.setReset[16]", "GrowthBenchmark.setReset[4]"),
          info("copyCurrent, 10000 bound vs 4 bound", "GrowthBenchmark.copyCurrent[10000]", "GrowthBenchmark.copyCurrent[4]"),
          info("coroutine, 100 x (yield + get): ContextElement vs no element", "CoroutineResumeBenchmark.contextElement[100]", "CoroutineResumeBenchmark.noElement[100]"),
          info("coroutine, 100 x (yield + get): ThreadLocal.asContextElement vs no element", "CoroutineResumeBenchmark.threadLocalElement[100]", "CoroutineResumeBenchmark.noElement[100]"),
          info("coroutine, 100 x yield, no read: ContextElement vs ThreadLocal.asContextElement", "CoroutineResumeBenchmark.contextElementNoRead", "CoroutineResumeBenchmark.threadLocalElementNoRead"),
          info("coroutine, 100 x yield, no read: ContextElement vs no element", "CoroutineResumeBenchmark.contextElementNoRead", "CoroutineResumeBenchmark.noElementNoRead"),
          info("runBlocking alone: ContextElement vs ThreadLocal.asContextElement", "CoroutineResumeBenchmark.contextElement[0]", "CoroutineResumeBenchmark.threadLocalElement[0]"),
          info("runBlocking alone: ContextElement vs no element", "CoroutineResumeBenchmark.contextElement[0]", "CoroutineResumeBenchmark.noElement[0]"),
          info("launch 100 children: ContextElement vs no element", "CoroutineLaunchBenchmark.contextElement", "CoroutineLaunchBenchmark.noElement"),
          info("launch 100 children: ThreadLocal.asContextElement vs no element", "CoroutineLaunchBenchmark.threadLocalElement", "CoroutineLaunchBenchmark.noElement"),
          info("launch 100 children: an empty copyable element vs ThreadLocal.asContextElement (kotlinx.coroutines' cost of copying)", "CoroutineLaunchBenchmark.emptyCopyableElement", "CoroutineLaunchBenchmark.threadLocalElement"),
          info("launch 100 children: ContextElement vs an empty copyable element", "CoroutineLaunchBenchmark.contextElement", "CoroutineLaunchBenchmark.emptyCopyableElement"),
          info("100 x withContext: an empty copyable element vs ThreadLocal.asContextElement", "CoroutineWithContextBenchmark.emptyCopyableElement", "CoroutineWithContextBenchmark.threadLocalElement"),
          info("100 x withContext: VAR.asContextElement vs an empty copyable element", "CoroutineWithContextBenchmark.contextVarElement", "CoroutineWithContextBenchmark.emptyCopyableElement"),
          info("the elements alone: ContextElement vs ThreadLocal.asContextElement update+restore", "ContextElementBenchmark.contextElementResumeSuspend", "ContextElementBenchmark.threadLocalElementResumeSuspend"),
          info("100 x withContextVars vs withContext(ThreadLocal.asContextElement)", "CoroutineWithContextBenchmark.withContextVars", "CoroutineWithContextBenchmark.threadLocalElement"),
          info("a request vs TransmittableThreadLocal + MDC.put", "RequestBenchmark.contextVars", "RequestBenchmark.transmittableThreadLocal"),
          info("contention, own vars: 2 threads vs 1 thread (per thread; 1.0 = linear)", "ContentionBenchmark.contextVars2Threads", "ContentionBenchmark.contextVars1Thread"),
          info("contention, own vars: 4 threads vs 1 thread (per thread; 2.0 = linear on 2 cores)", "ContentionBenchmark.contextVars4Threads", "ContentionBenchmark.contextVars1Thread"),
          info("contention, ThreadLocal (the machine): 2 threads vs 1 thread", "ContentionBenchmark.threadLocal2Threads", "ContentionBenchmark.threadLocal1Thread"),
          info("contention, ThreadLocal (the machine): 4 threads vs 1 thread", "ContentionBenchmark.threadLocal4Threads", "ContentionBenchmark.threadLocal1Thread"),
          info("2000 coroutines x 100 suspensions: ContextElement vs no element", "ManyCoroutinesBenchmark.contextElement", "ManyCoroutinesBenchmark.noElement"),
          info("2000 coroutines x 100 suspensions: ThreadLocal.asContextElement vs no element", "ManyCoroutinesBenchmark.threadLocalElement", "ManyCoroutinesBenchmark.noElement"),
          info("2000 coroutines x 100 suspensions, reads only: ContextElement vs ThreadLocal.asContextElement", "ManyCoroutinesBenchmark.contextElementReads", "ManyCoroutinesBenchmark.threadLocalElementReads"),
          info("virtual threads: ContextVar vs ScopedValue", "VirtualThreadBenchmark.contextVar[*]", "VirtualThreadBenchmark.scopedValue[*]"),
          info("virtual threads: ContextVar vs the thread alone", "VirtualThreadBenchmark.contextVar[*]", "VirtualThreadBenchmark.noValue[*]"),
          info("virtual threads: ThreadLocal vs the thread alone", "VirtualThreadBenchmark.threadLocal[*]", "VirtualThreadBenchmark.noValue[*]"),
          info("set+close: leak check on vs off", "LeakCheckOnBenchmark.setClose", "LeakCheckOffBenchmark.setClose"),
          info("Context.wrap(r).run(): leak check on vs off", "LeakCheckOnBenchmark.wrapRun", "LeakCheckOffBenchmark.wrapRun"),
          info("wrapped direct executor: leak check on vs off", "LeakCheckOnBenchmark.wrappedExecutor", "LeakCheckOffBenchmark.wrappedExecutor"),
          info("ContextCompletableFuture.thenApply: leak check on vs off", "LeakCheckOnBenchmark.contextFutureThenApply", "LeakCheckOffBenchmark.contextFutureThenApply"),
          info("control, CompletableFuture.thenApply: leak check on vs off", "LeakCheckOnBenchmark.plainFutureThenApply", "LeakCheckOffBenchmark.plainFutureThenApply"),
          info("leak check off: ContextCompletableFuture vs CompletableFuture thenApply", "LeakCheckOffBenchmark.contextFutureThenApply", "LeakCheckOffBenchmark.plainFutureThenApply"));

  /**
   * A claim that {@code subject} allocates at most {@code limit} bytes per unit of work more than
   * {@code baseline}. Each side is measured with {@code units} units ({@code many}) and with none
   * ({@code none}), so what does not grow with the units (a per-coroutine copy, say) cancels out:
   * ((subject many - subject none) - (baseline many - baseline none)) / units.
   */
  private static final class AddedBytes {
    final String claim;
    final String subjectMany;
    final String subjectNone;
    final String baselineMany;
    final String baselineNone;
    final int units;
    final double limit;

    AddedBytes(
        String claim,
        String subjectMany,
        String subjectNone,
        String baselineMany,
        String baselineNone,
        int units,
        double limit) {
      this.claim = claim;
      this.subjectMany = subjectMany;
      this.subjectNone = subjectNone;
      this.baselineMany = baselineMany;
      this.baselineNone = baselineNone;
      this.units = units;
      this.limit = limit;
    }
  }

  /** Half a byte per resume: a single 16-byte object every resume would show as 16. */
  private static final List<AddedBytes> ADDED_BYTES =
      Arrays.asList(
          new AddedBytes(
              "ContextElement adds no bytes per resume to the loop without an element",
              "CoroutineResumeBenchmark.contextElement[100]",
              "CoroutineResumeBenchmark.contextElement[0]",
              "CoroutineResumeBenchmark.noElement[100]",
              "CoroutineResumeBenchmark.noElement[0]",
              100,
              0.5),
          new AddedBytes(
              "ContextElement adds no bytes per resume to ThreadLocal.asContextElement's loop",
              "CoroutineResumeBenchmark.contextElement[100]",
              "CoroutineResumeBenchmark.contextElement[0]",
              "CoroutineResumeBenchmark.threadLocalElement[100]",
              "CoroutineResumeBenchmark.threadLocalElement[0]",
              100,
              0.5));

  /** Benchmarks whose operation repeats a unit of work: shown per unit as well. */
  private static final List<PerUnit> PER_UNIT =
      Arrays.asList(
          new PerUnit("CoroutineResumeBenchmark.noElement[100]", 100, "resume"),
          new PerUnit("CoroutineResumeBenchmark.contextElement[100]", 100, "resume"),
          new PerUnit("CoroutineResumeBenchmark.threadLocalElement[100]", 100, "resume"),
          new PerUnit("CoroutineResumeBenchmark.noElementNoRead", 100, "resume"),
          new PerUnit("CoroutineResumeBenchmark.contextElementNoRead", 100, "resume"),
          new PerUnit("CoroutineResumeBenchmark.threadLocalElementNoRead", 100, "resume"),
          new PerUnit("CoroutineLaunchBenchmark.noElement", CoroutineLaunchBenchmark.CHILDREN, "child"),
          new PerUnit("CoroutineLaunchBenchmark.contextElement", CoroutineLaunchBenchmark.CHILDREN, "child"),
          new PerUnit("CoroutineLaunchBenchmark.threadLocalElement", CoroutineLaunchBenchmark.CHILDREN, "child"),
          new PerUnit("CoroutineLaunchBenchmark.emptyCopyableElement", CoroutineLaunchBenchmark.CHILDREN, "child"),
          new PerUnit("CoroutineWithContextBenchmark.contextVarElement", CoroutineWithContextBenchmark.CALLS, "call"),
          new PerUnit("CoroutineWithContextBenchmark.withContextVars", CoroutineWithContextBenchmark.CALLS, "call"),
          new PerUnit("CoroutineWithContextBenchmark.threadLocalElement", CoroutineWithContextBenchmark.CALLS, "call"),
          new PerUnit("CoroutineWithContextBenchmark.emptyCopyableElement", CoroutineWithContextBenchmark.CALLS, "call"),
          new PerUnit("ManyCoroutinesBenchmark.contextElement", ManyCoroutinesBenchmark.RESUMES, "resume"),
          new PerUnit("ManyCoroutinesBenchmark.threadLocalElement", ManyCoroutinesBenchmark.RESUMES, "resume"),
          new PerUnit("ManyCoroutinesBenchmark.contextElementReads", ManyCoroutinesBenchmark.RESUMES, "resume"),
          new PerUnit("ManyCoroutinesBenchmark.threadLocalElementReads", ManyCoroutinesBenchmark.RESUMES, "resume"),
          new PerUnit("ManyCoroutinesBenchmark.noElement", ManyCoroutinesBenchmark.RESUMES, "resume"));

  /**
   * Benchmarks whose operation repeats a unit of work as many times as their (only) parameter says:
   * class name prefix, unit.
   */
  private static final Map<String, String> PER_PARAM_UNIT = Map.of("VirtualThreadBenchmark.", "thread");

  /** {@code key}'s operation is {@code units} repetitions of one {@code unit}. */
  private static final class PerUnit {
    final String key;
    final int units;
    final String unit;

    PerUnit(String key, int units, String unit) {
      this.key = key;
      this.units = units;
      this.unit = unit;
    }
  }

  /** Benchmarks that must not allocate. */
  private static final List<String> ZERO_ALLOCATION =
      Arrays.asList("GetBenchmark.contextVar", "GetBenchmark.contextVarInCopy");

  private static Ratio info(String claim, String subject, String baseline) {
    return new Ratio(claim, subject, baseline, Double.NaN);
  }

  /** One benchmark (with its parameters) in one round. */
  static final class Result {
    final String key;
    final List<Double> iterations;
    final double bytesPerOp;

    Result(String key, List<Double> iterations, double bytesPerOp) {
      this.key = key;
      this.iterations = iterations;
      this.bytesPerOp = bytesPerOp;
    }

    double median() {
      return TargetReport.median(iterations);
    }
  }

  private TargetReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: TargetReport <jmh-result.json>...");
      System.exit(2);
    }
    List<Map<String, Result>> rounds = new ArrayList<>();
    Set<String> jvms = new LinkedHashSet<>();
    for (String arg : args) {
      rounds.add(read(Path.of(arg), jvms));
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d round(s) on %s; scores are medians of measurement iterations.%n%n",
            rounds.size(),
            String.join(", ", jvms)));
    out.append("| target | ours ns/op | baseline ns/op | ratio (lowest..highest round) | limit | result |\n");
    out.append("|---|---:|---:|---:|---:|---|\n");
    for (Ratio target : expand(TARGETS, rounds)) {
      ratioRow(out, target, rounds);
    }
    for (String key : ZERO_ALLOCATION) {
      List<Double> bytes = new ArrayList<>();
      for (Map<String, Result> round : rounds) {
        @Nullable Result result = round.get(key);
        if (result != null && !Double.isNaN(result.bytesPerOp)) {
          bytes.add(result.bytesPerOp);
        }
      }
      if (!bytes.isEmpty()) {
        double most = Collections.max(bytes);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s allocates nothing | %s B/op | | | 0 B/op | %s |%n",
                key,
                format(most),
                most < 1 ? "pass" : "FAIL"));
      }
    }
    for (AddedBytes target : ADDED_BYTES) {
      addedBytesRow(out, target, rounds);
    }
    out.append("\n| comparison | ours ns/op | other ns/op | ratio (lowest..highest round) |\n");
    out.append("|---|---:|---:|---:|\n");
    for (Ratio comparison : expand(COMPARISONS, rounds)) {
      ratioRow(out, comparison, rounds);
    }
    perUnitTable(out, rounds);
    out.append("\n| benchmark | median ns/op | min | max | iterations | B/op |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    Map<String, List<Result>> byKey = new LinkedHashMap<>();
    for (Map<String, Result> round : rounds) {
      for (Result result : round.values()) {
        byKey.computeIfAbsent(result.key, k -> new ArrayList<>()).add(result);
      }
    }
    for (Map.Entry<String, List<Result>> entry : byKey.entrySet()) {
      List<Double> all = new ArrayList<>();
      List<Double> bytes = new ArrayList<>();
      for (Result result : entry.getValue()) {
        all.addAll(result.iterations);
        if (!Double.isNaN(result.bytesPerOp)) {
          bytes.add(result.bytesPerOp);
        }
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %d | %s |%n",
              entry.getKey(),
              format(median(all)),
              format(Collections.min(all)),
              format(Collections.max(all)),
              all.size(),
              bytes.isEmpty() ? "n/a" : format(median(bytes))));
    }
    System.out.print(out);
  }

  /**
   * {@code ratios} with every one whose keys end in {@code [*]} replaced by one per parameter value
   * found in {@code rounds} for both sides, its claim naming the value.
   */
  static List<Ratio> expand(List<Ratio> ratios, List<Map<String, Result>> rounds) {
    List<Ratio> expanded = new ArrayList<>();
    for (Ratio ratio : ratios) {
      if (!ratio.subject.endsWith("[*]")) {
        expanded.add(ratio);
        continue;
      }
      String subjectPrefix = ratio.subject.substring(0, ratio.subject.length() - 2);
      String baselinePrefix = ratio.baseline.substring(0, ratio.baseline.length() - 2);
      Set<String> params = new LinkedHashSet<>();
      for (Map<String, Result> round : rounds) {
        for (String key : round.keySet()) {
          if (key.startsWith(subjectPrefix)) {
            String param = key.substring(subjectPrefix.length());
            if (round.containsKey(baselinePrefix + param)) {
              params.add(param);
            }
          }
        }
      }
      for (String param : params) {
        expanded.add(
            new Ratio(
                ratio.claim + " [" + param,
                subjectPrefix + param,
                baselinePrefix + param,
                ratio.limit));
      }
    }
    return expanded;
  }

  /** A ratio measured over the rounds: the median and extremes of the per-round ratios. */
  static final class Measured {
    final Ratio ratio;
    final double value;
    final double lowest;
    final double highest;
    final double subject;
    final double baseline;

    Measured(Ratio ratio, List<Double> ratios, List<Double> subjects, List<Double> baselines) {
      this.ratio = ratio;
      this.value = median(ratios);
      this.lowest = Collections.min(ratios);
      this.highest = Collections.max(ratios);
      this.subject = median(subjects);
      this.baseline = median(baselines);
    }
  }

  /** {@code ratio} over {@code rounds}, or null when no round has both sides. */
  static @Nullable Measured measure(Ratio ratio, List<Map<String, Result>> rounds) {
    List<Double> ratios = new ArrayList<>();
    List<Double> subjects = new ArrayList<>();
    List<Double> baselines = new ArrayList<>();
    for (Map<String, Result> round : rounds) {
      @Nullable Result subject = round.get(ratio.subject);
      @Nullable Result baseline = round.get(ratio.baseline);
      if (subject != null && baseline != null) {
        subjects.add(subject.median());
        baselines.add(baseline.median());
        ratios.add(subject.median() / baseline.median());
      }
    }
    return ratios.isEmpty() ? null : new Measured(ratio, ratios, subjects, baselines);
  }

  private static void ratioRow(StringBuilder out, Ratio ratio, List<Map<String, Result>> rounds) {
    @Nullable Measured measured = measure(ratio, rounds);
    if (measured == null) {
      return;
    }
    double value = measured.value;
    double lowest = measured.lowest;
    double highest = measured.highest;
    String cells =
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %.2f (%.2f..%.2f) |",
            ratio.claim,
            format(measured.subject),
            format(measured.baseline),
            value,
            lowest,
            highest);
    if (Double.isNaN(ratio.limit)) {
      out.append(cells).append('\n');
      return;
    }
    String verdict = value <= ratio.limit ? "pass" : "FAIL";
    if (lowest <= ratio.limit && ratio.limit < highest) {
      verdict += " (not in every round)";
    }
    out.append(cells)
        .append(String.format(Locale.ROOT, " %.2f | %s |%n", ratio.limit, verdict));
  }

  private static void addedBytesRow(StringBuilder out, AddedBytes target, List<Map<String, Result>> rounds) {
    List<Double> added = new ArrayList<>();
    for (Map<String, Result> round : rounds) {
      double subjectMany = bytes(round, target.subjectMany);
      double subjectNone = bytes(round, target.subjectNone);
      double baselineMany = bytes(round, target.baselineMany);
      double baselineNone = bytes(round, target.baselineNone);
      double perUnit = ((subjectMany - subjectNone) - (baselineMany - baselineNone)) / target.units;
      if (!Double.isNaN(perUnit)) {
        added.add(perUnit);
      }
    }
    if (added.isEmpty()) {
      return;
    }
    double value = median(added);
    double highest = Collections.max(added);
    String verdict = value <= target.limit ? "pass" : "FAIL";
    if (Collections.min(added) <= target.limit && target.limit < highest) {
      verdict += " (not in every round)";
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %.3f B (%.3f..%.3f) | | | %.1f B | %s |%n",
            target.claim,
            value,
            Collections.min(added),
            highest,
            target.limit,
            verdict));
  }

  /** Bytes per operation of {@code key} in {@code round}; NaN when it is missing or not profiled. */
  private static double bytes(Map<String, Result> round, String key) {
    @Nullable Result result = round.get(key);
    return result == null ? Double.NaN : result.bytesPerOp;
  }

  private static void perUnitTable(StringBuilder out, List<Map<String, Result>> rounds) {
    StringBuilder rows = new StringBuilder();
    List<PerUnit> perUnits = new ArrayList<>(PER_UNIT);
    Set<String> keys = new LinkedHashSet<>();
    for (Map<String, Result> round : rounds) {
      keys.addAll(round.keySet());
    }
    for (String key : keys) {
      for (Map.Entry<String, String> perParam : PER_PARAM_UNIT.entrySet()) {
        int open = key.indexOf('[');
        if (key.startsWith(perParam.getKey()) && open > 0 && key.endsWith("]")) {
          try {
            perUnits.add(
                new PerUnit(key, Integer.parseInt(key.substring(open + 1, key.length() - 1)), perParam.getValue()));
          } catch (NumberFormatException e) {
            // not a single count parameter: no per-unit row
          }
        }
      }
    }
    for (PerUnit perUnit : perUnits) {
      List<Double> times = new ArrayList<>();
      List<Double> bytes = new ArrayList<>();
      for (Map<String, Result> round : rounds) {
        @Nullable Result result = round.get(perUnit.key);
        if (result != null) {
          times.add(result.median() / perUnit.units);
          if (!Double.isNaN(result.bytesPerOp)) {
            bytes.add(result.bytesPerOp / perUnit.units);
          }
        }
      }
      if (!times.isEmpty()) {
        rows.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s |%n",
                perUnit.key,
                perUnit.units,
                perUnit.unit,
                format(median(times)),
                bytes.isEmpty() ? "n/a" : format(median(bytes))));
      }
    }
    if (rows.length() > 0) {
      out.append("\n| benchmark | units per op | unit | ns per unit | B per unit |\n");
      out.append("|---|---:|---|---:|---:|\n");
      out.append(rows);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  /** Reads one JMH JSON result file into results keyed {@code Class.method} or {@code Class.method[param]}. */
  static Map<String, Result> read(Path file, Set<String> jvms) throws IOException {
    JsonElement parsed;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      parsed = JsonParser.parseReader(reader);
    } catch (JsonParseException e) {
      throw new IOException(file + " is not valid JSON", e);
    }
    if (!parsed.isJsonArray()) {
      throw new IOException(file + " is not a JMH JSON result file");
    }
    Map<String, Result> results = new LinkedHashMap<>();
    for (JsonElement element : parsed.getAsJsonArray()) {
      JsonObject run = element.getAsJsonObject();
      jvms.add(
          "JDK "
              + run.get("jdkVersion").getAsString()
              + " ("
              + run.get("vmName").getAsString()
              + " "
              + run.get("vmVersion").getAsString()
              + ")");
      String key = run.get("benchmark").getAsString().replace("org.contextvars.benchmarks.", "");
      JsonObject params = run.getAsJsonObject("params");
      if (params != null) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, JsonElement> param : params.entrySet()) {
          values.add(param.getValue().getAsString());
        }
        key += "[" + String.join(",", values) + "]";
      }
      JsonObject primary = run.getAsJsonObject("primaryMetric");
      String unit = primary.get("scoreUnit").getAsString();
      if (!"ns/op".equals(unit)) {
        throw new IOException(key + " is in " + unit + "; run in avgt mode, ns/op");
      }
      List<Double> iterations = new ArrayList<>();
      for (JsonElement fork : primary.getAsJsonArray("rawData")) {
        for (JsonElement score : fork.getAsJsonArray()) {
          iterations.add(score.getAsDouble());
        }
      }
      double bytesPerOp = Double.NaN;
      JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
      if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
        JsonElement score = secondary.getAsJsonObject("gc.alloc.rate.norm").get("score");
        if (score != null && score.isJsonPrimitive() && score.getAsJsonPrimitive().isNumber()) {
          bytesPerOp = score.getAsDouble();
        }
      }
      results.put(key, new Result(key, iterations, bytesPerOp));
    }
    return results;
  }
}
