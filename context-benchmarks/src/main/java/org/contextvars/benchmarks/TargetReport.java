package org.contextvars.benchmarks;

import java.io.IOException;
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
 * targets as ratios against their baselines, marked pass or fail, plus every result with its
 * allocation, as Markdown tables.
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
  private static final class Ratio {
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

  private static final List<Ratio> TARGETS =
      Arrays.asList(
          new Ratio("get <= OpenTelemetry get", "GetBenchmark.contextVar", "GetBenchmark.openTelemetry", 1),
          new Ratio("get <= gRPC key.get()", "GetBenchmark.contextVar", "GetBenchmark.grpc", 1),
          new Ratio("get <= 2x ThreadLocal.get()", "GetBenchmark.contextVar", "GetBenchmark.threadLocal", 2),
          new Ratio(
              "set+get+reset <= OpenTelemetry with+makeCurrent+get+close",
              "SetGetResetBenchmark.contextVar",
              "SetGetResetBenchmark.openTelemetry",
              1),
          new Ratio(
              "copyCurrent <= 1/4 TTL Transmitter.capture()",
              "CopyCurrentBenchmark.contextCopyCurrent",
              "CopyCurrentBenchmark.transmittableThreadLocalCapture",
              0.25),
          new Ratio(
              "supply <= 2x OpenTelemetry makeCurrent+get+close",
              "SupplyBenchmark.contextSupply",
              "SupplyBenchmark.openTelemetryMakeCurrent",
              2),
          new Ratio(
              "ContextExecutors.wrap <= 2.5x OpenTelemetry taskWrapping",
              "WrappedExecutorBenchmark.contextExecutors",
              "WrappedExecutorBenchmark.openTelemetryTaskWrapping",
              2.5),
          new Ratio(
              "get, 10000 bound <= 2x get, 4 bound",
              "GrowthBenchmark.get[10000]",
              "GrowthBenchmark.get[4]",
              2),
          new Ratio(
              "set+reset, 10000 bound <= 3x set+reset, 4 bound",
              "GrowthBenchmark.setReset[10000]",
              "GrowthBenchmark.setReset[4]",
              3));

  private static final List<Ratio> COMPARISONS =
      Arrays.asList(
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
          info("copyCurrent, 10000 bound vs 4 bound", "GrowthBenchmark.copyCurrent[10000]", "GrowthBenchmark.copyCurrent[4]"));

  /** Benchmarks that must not allocate. */
  private static final List<String> ZERO_ALLOCATION = Arrays.asList("GetBenchmark.contextVar");

  private static Ratio info(String claim, String subject, String baseline) {
    return new Ratio(claim, subject, baseline, Double.NaN);
  }

  /** One benchmark (with its parameters) in one round. */
  private static final class Result {
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
    for (Ratio target : TARGETS) {
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
    out.append("\n| comparison | ours ns/op | other ns/op | ratio (lowest..highest round) |\n");
    out.append("|---|---:|---:|---:|\n");
    for (Ratio comparison : COMPARISONS) {
      ratioRow(out, comparison, rounds);
    }
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

  private static void ratioRow(StringBuilder out, Ratio ratio, List<Map<String, Result>> rounds) {
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
    if (ratios.isEmpty()) {
      return;
    }
    double value = median(ratios);
    double lowest = Collections.min(ratios);
    double highest = Collections.max(ratios);
    String cells =
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %.2f (%.2f..%.2f) |",
            ratio.claim,
            format(median(subjects)),
            format(median(baselines)),
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
  private static Map<String, Result> read(Path file, Set<String> jvms) throws IOException {
    Object parsed = JsonReader.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    if (!(parsed instanceof List)) {
      throw new IOException(file + " is not a JMH JSON result file");
    }
    Map<String, Result> results = new LinkedHashMap<>();
    for (Object element : (List<?>) parsed) {
      Map<?, ?> run = (Map<?, ?>) element;
      jvms.add("JDK " + run.get("jdkVersion") + " (" + run.get("vmName") + " " + run.get("vmVersion") + ")");
      String key = String.valueOf(run.get("benchmark")).replace("org.contextvars.benchmarks.", "");
      Object params = run.get("params");
      if (params instanceof Map) {
        List<String> values = new ArrayList<>();
        for (Object value : ((Map<?, ?>) params).values()) {
          values.add(String.valueOf(value));
        }
        key += "[" + String.join(",", values) + "]";
      }
      Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
      if (!"ns/op".equals(primary.get("scoreUnit"))) {
        throw new IOException(key + " is in " + primary.get("scoreUnit") + "; run in avgt mode, ns/op");
      }
      List<Double> iterations = new ArrayList<>();
      for (Object fork : (List<?>) primary.get("rawData")) {
        for (Object score : (List<?>) fork) {
          iterations.add(((Number) score).doubleValue());
        }
      }
      double bytesPerOp = Double.NaN;
      Object secondary = run.get("secondaryMetrics");
      if (secondary instanceof Map) {
        Object norm = ((Map<?, ?>) secondary).get("gc.alloc.rate.norm");
        if (norm instanceof Map && ((Map<?, ?>) norm).get("score") instanceof Number) {
          bytesPerOp = ((Number) ((Map<?, ?>) norm).get("score")).doubleValue();
        }
      }
      results.put(key, new Result(key, iterations, bytesPerOp));
    }
    return results;
  }
}
