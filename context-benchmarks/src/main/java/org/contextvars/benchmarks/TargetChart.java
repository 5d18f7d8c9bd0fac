package org.contextvars.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Draws {@link TargetReport}'s targets as an SVG bar chart: one group of bars per target, the ratio
 * ours / peer (median over the rounds of a set, as in the report), one bar per set of JSON files
 * (JDK 17 and JDK 25 side by side), and the target's limit as a vertical mark across its group.
 *
 * <pre>{@code
 * java -cp context-benchmarks/target/benchmarks.jar org.contextvars.benchmarks.TargetChart \
 *     context-benchmarks/results/targets.svg \
 *     --set "JDK 17" jdk17-round1.json jdk17-round2.json jdk17-round3.json \
 *     --set "JDK 25" jdk25-round1.json jdk25-round2.json jdk25-round3.json
 * }</pre>
 *
 * <p>Files given before any {@code --set} form one set named after the JDK in them. A target with
 * no result in any set is left out; one missing from a set has no bar for that set.
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>It draws ratios only: bytes-per-operation targets are in the report, not in the chart.
 *   <li>The scale is linear and stops at {@value #MAX_SCALE}x; a longer bar is cut there, and its
 *       label still gives the ratio.
 * </ul>
 */
public final class TargetChart {

  private static final double MAX_SCALE = 4;
  private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1"};
  private static final int LABEL_WIDTH = 650;
  private static final int PLOT_WIDTH = 420;
  private static final int RIGHT_MARGIN = 110;
  private static final int BAR_HEIGHT = 13;
  private static final int BAR_GAP = 2;
  private static final int GROUP_GAP = 12;
  private static final int TOP = 70;

  private TargetChart() {}

  /** One set of rounds, drawn in one colour. */
  private static final class Series {
    final String label;
    final List<Map<String, TargetReport.Result>> rounds = new ArrayList<>();
    final Set<String> jvms = new LinkedHashSet<>();

    Series(String label) {
      this.label = label;
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: TargetChart <out.svg> [--set <label>] <jmh-result.json>... [--set <label> <jmh-result.json>...]...");
      System.exit(2);
    }
    List<Series> series = new ArrayList<>();
    @Nullable Series current = null;
    for (int i = 1; i < args.length; i++) {
      if ("--set".equals(args[i])) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--set needs a label");
        }
        current = new Series(args[++i]);
        series.add(current);
      } else {
        if (current == null) {
          current = new Series("");
          series.add(current);
        }
        current.rounds.add(TargetReport.read(Path.of(args[i]), current.jvms));
      }
    }
    for (Series s : series) {
      if (s.rounds.isEmpty()) {
        throw new IllegalArgumentException("set '" + s.label + "' has no JSON file");
      }
    }
    String svg = draw(series);
    Files.writeString(Path.of(args[0]), svg, StandardCharsets.UTF_8);
    System.out.println("wrote " + args[0]);
  }

  private static String draw(List<Series> series) {
    List<Map<String, TargetReport.Result>> all = new ArrayList<>();
    for (Series s : series) {
      all.addAll(s.rounds);
    }
    // target claim -> one measurement (or null) per series
    Map<TargetReport.Ratio, List<TargetReport.@Nullable Measured>> rows = new LinkedHashMap<>();
    for (TargetReport.Ratio target : TargetReport.expand(TargetReport.TARGETS, all)) {
      List<TargetReport.@Nullable Measured> measured = new ArrayList<>();
      boolean any = false;
      for (Series s : series) {
        TargetReport.@Nullable Measured m = TargetReport.measure(target, s.rounds);
        measured.add(m);
        any |= m != null;
      }
      if (any) {
        rows.put(target, measured);
      }
    }
    double scale = 1.5;
    for (Map.Entry<TargetReport.Ratio, List<TargetReport.@Nullable Measured>> row : rows.entrySet()) {
      scale = Math.max(scale, row.getKey().limit);
      for (TargetReport.@Nullable Measured m : row.getValue()) {
        if (m != null) {
          scale = Math.max(scale, m.value);
        }
      }
    }
    scale = Math.min(MAX_SCALE, Math.ceil(scale * 1.05 * 2) / 2);

    int groupHeight = series.size() * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
    int height = TOP + rows.size() * (groupHeight + GROUP_GAP) + 40;
    int width = LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN;
    int x0 = LABEL_WIDTH;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height,
            width,
            height));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    svg.append(
        "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
            + "org.contextvars targets: time of ours / time of the peer (shorter is better)</text>\n");
    svg.append(
        "<text x=\"10\" y=\"40\" fill=\"#555\">Median over rounds of each set; the dark red mark is the"
            + " target's limit; a bar past its mark misses the target.</text>\n");
    // legend
    int legendX = 10;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String label = s.label.isEmpty() ? String.join(", ", s.jvms) : s.label;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"48\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"58\">%s (%d round%s)</text>%n",
              legendX,
              COLOURS[i % COLOURS.length],
              legendX + 16,
              escape(label),
              s.rounds.size(),
              s.rounds.size() == 1 ? "" : "s"));
      legendX += 16 + 8 * label.length() + 90;
    }
    // grid
    int plotBottom = height - 30;
    for (double tick = 0; tick <= scale + 1e-9; tick += 0.5) {
      double x = x0 + tick / scale * PLOT_WIDTH;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%sx</text>%n",
              x,
              TOP - 6,
              x,
              plotBottom,
              tick == 1 ? "#888" : "#ddd",
              tick == 1 ? "1.5" : "1",
              x,
              plotBottom + 16,
              trim(tick)));
    }
    int y = TOP;
    for (Map.Entry<TargetReport.Ratio, List<TargetReport.@Nullable Measured>> row : rows.entrySet()) {
      TargetReport.Ratio target = row.getKey();
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              LABEL_WIDTH - 8,
              y + groupHeight / 2 + 4,
              escape(shorten(target.claim))));
      List<TargetReport.@Nullable Measured> measured = row.getValue();
      for (int i = 0; i < measured.size(); i++) {
        TargetReport.@Nullable Measured m = measured.get(i);
        int barY = y + i * (BAR_HEIGHT + BAR_GAP);
        if (m == null) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%d\" y=\"%d\" fill=\"#999\">not measured</text>%n",
                  x0 + 4,
                  barY + BAR_HEIGHT - 2));
          continue;
        }
        double length = Math.min(m.value, scale) / scale * PLOT_WIDTH;
        boolean pass = m.value <= target.limit;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %.3f"
                    + " (rounds %.3f..%.3f)</title></rect>%n",
                x0,
                barY,
                length,
                BAR_HEIGHT,
                COLOURS[i % COLOURS.length],
                escape(series.get(i).label.isEmpty() ? String.join(", ", series.get(i).jvms) : series.get(i).label),
                m.value,
                m.lowest,
                m.highest));
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\"%s>%.2f%s</text>%n",
                x0 + length + 4,
                barY + BAR_HEIGHT - 2,
                pass ? "" : " fill=\"#b00\" font-weight=\"bold\"",
                m.value,
                pass ? "" : " over"));
      }
      double limitX = x0 + Math.min(target.limit, scale) / scale * PLOT_WIDTH;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#8b0000\" stroke-width=\"3\">"
                  + "<title>limit %sx</title></line>%n",
              limitX,
              y - 3,
              limitX,
              y + groupHeight + 3,
              trim(target.limit)));
      y += groupHeight + GROUP_GAP;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** Claims longer than the label column are cut; the full claim is in the report. */
  private static String shorten(String claim) {
    return claim.length() <= 100 ? claim : claim.substring(0, 97) + "...";
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%s", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
