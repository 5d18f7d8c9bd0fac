package org.contextvars.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What an example printed, line by line. */
public final class Printed {

  private Printed() {}

  public static List<String> by(Example example) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      example.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** The lines after the line equal to {@code header}, up to the next blank line. */
  public static List<String> section(List<String> lines, String header) {
    int start = lines.indexOf(header);
    if (start < 0) {
      throw new AssertionError("no line '" + header + "' in:\n" + String.join("\n", lines));
    }
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).isBlank()) {
      end++;
    }
    return lines.subList(start + 1, end);
  }
}
