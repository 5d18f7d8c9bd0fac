package org.contextvars.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JMH CSV result file ({@code -rf csv -rff results.csv}, run with {@code -prof gc}) into
 * the performance targets as ratios against their baselines, marked pass or fail, plus every
 * result with its allocation, as Markdown tables.
 *
 * <pre>{@code
 * java -cp context-benchmarks/target/benchmarks.jar org.contextvars.benchmarks.TargetReport results.csv
 * }</pre>
 *
 * <p>A ratio is only meaningful when both sides were measured in the same run, on the same JVM;
 * rows missing from the file are skipped. Each ratio is shown with the range its two scores' error
 * bars allow: a verdict is marked "within error" when that range straddles the limit.
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

  /** One benchmark's score and allocation. */
  private static final class Result {
    final String key;
    final String unit;
    final double score;
    final double error;
    double bytesPerOp = Double.NaN;

    Result(String key, String unit, double score, double error) {
      this.key = key;
      this.unit = unit;
      this.score = score;
      this.error = error;
    }
  }

  private TargetReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: TargetReport <jmh-results.csv>");
      System.exit(2);
    }
    Map<String, Result> results = read(Path.of(args[0]));
    StringBuilder out = new StringBuilder();
    out.append("| target | ours ns/op | baseline ns/op | ratio (error range) | limit | result |\n");
    out.append("|---|---:|---:|---:|---:|---|\n");
    for (Ratio target : TARGETS) {
      ratioRow(out, target, results);
    }
    for (String key : ZERO_ALLOCATION) {
      @Nullable Result result = results.get(key);
      if (result != null) {
        boolean pass = result.bytesPerOp < 1;
        out.append(
            String.format(
                Locale.ROOT,
                "| %s allocates nothing | %s B/op | | | 0 B/op | %s |%n",
                key,
                format(result.bytesPerOp),
                Double.isNaN(result.bytesPerOp) ? "no -prof gc data" : pass ? "pass" : "FAIL"));
      }
    }
    out.append("\n| comparison | ours ns/op | other ns/op | ratio (error range) |\n");
    out.append("|---|---:|---:|---:|\n");
    for (Ratio comparison : COMPARISONS) {
      ratioRow(out, comparison, results);
    }
    out.append("\n| benchmark | ns/op | error (99.9%) | B/op |\n");
    out.append("|---|---:|---:|---:|\n");
    for (Result result : results.values()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s |%n",
              result.key,
              format(result.score),
              format(result.error),
              format(result.bytesPerOp)));
    }
    System.out.print(out);
  }

  private static void ratioRow(StringBuilder out, Ratio ratio, Map<String, Result> results) {
    @Nullable Result subject = results.get(ratio.subject);
    @Nullable Result baseline = results.get(ratio.baseline);
    if (subject == null || baseline == null) {
      return;
    }
    double value = subject.score / baseline.score;
    double low = (subject.score - subject.error) / (baseline.score + baseline.error);
    double highDenominator = baseline.score - baseline.error;
    double high =
        highDenominator > 0
            ? (subject.score + subject.error) / highDenominator
            : Double.POSITIVE_INFINITY;
    String cells =
        String.format(
            Locale.ROOT,
            "| %s | %s ± %s | %s ± %s | %.2f (%.2f..%.2f) |",
            ratio.claim,
            format(subject.score),
            format(subject.error),
            format(baseline.score),
            format(baseline.error),
            value,
            low,
            high);
    if (Double.isNaN(ratio.limit)) {
      out.append(cells).append('\n');
      return;
    }
    String verdict = value <= ratio.limit ? "pass" : "FAIL";
    if (low <= ratio.limit && ratio.limit < high) {
      verdict += " (within error)";
    }
    out.append(cells)
        .append(String.format(Locale.ROOT, " %.2f | %s |%n", ratio.limit, verdict));
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  /**
   * Reads JMH's CSV: one row per benchmark and parameter set for the primary score, and one per
   * secondary metric, named {@code benchmark:metric}; parameters are trailing "Param: x" columns.
   */
  private static Map<String, Result> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    List<String> header = splitCsv(lines.get(0));
    int benchmark = header.indexOf("Benchmark");
    int score = header.indexOf("Score");
    int error = header.indexOf("Score Error (99.9%)");
    int unit = header.indexOf("Unit");
    if (benchmark < 0 || score < 0 || error < 0 || unit < 0) {
      throw new IOException(file + " is not a JMH CSV result file: header " + header);
    }
    Map<String, Result> results = new LinkedHashMap<>();
    Map<String, Double> allocations = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = splitCsv(line);
      String name = cells.get(benchmark).replace("org.contextvars.benchmarks.", "");
      StringBuilder params = new StringBuilder();
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).startsWith("Param: ") && i < cells.size() && !cells.get(i).isEmpty()) {
          params.append(params.length() == 0 ? "[" : ",").append(cells.get(i));
        }
      }
      if (params.length() > 0) {
        params.append(']');
      }
      int metric = name.indexOf(':');
      if (metric < 0) {
        String key = name + params;
        results.put(
            key,
            new Result(key, cells.get(unit), number(cells.get(score)), number(cells.get(error))));
      } else if (name.endsWith("gc.alloc.rate.norm")) {
        allocations.put(name.substring(0, metric) + params, number(cells.get(score)));
      }
    }
    for (Map.Entry<String, Double> allocation : allocations.entrySet()) {
      @Nullable Result result = results.get(allocation.getKey());
      if (result != null) {
        result.bytesPerOp = allocation.getValue();
      }
    }
    for (Result result : results.values()) {
      if (!result.unit.equals("ns/op")) {
        throw new IOException(result.key + " is in " + result.unit + "; run in avgt mode, ns/op");
      }
    }
    return results;
  }

  private static double number(String cell) {
    return cell.isEmpty() || cell.equals("NaN") ? Double.NaN : Double.parseDouble(cell);
  }

  /** Splits one CSV line as JMH writes it: quoted strings without embedded quotes, bare numbers. */
  private static List<String> splitCsv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
