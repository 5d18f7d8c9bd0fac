package org.contextvars.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void listNamesEveryExampleWithItsNumber() throws Exception {
    assertThat(run("list")).isZero();

    assertThat(lines(out))
        .startsWith(
            "  1. spinner       four tasks, each drawing its own symbol",
            "  2. request-id    a request id reaches every log line, on every thread",
            "  3. transactions  repositories find the open transaction in the context",
            "  4. task-tree     child tasks see the id their root task picked",
            "  5. java-kotlin   Java calls a Kotlin coroutine, which calls Java back",
            "  6. agent         plain pools, futures and threads under the Java agent");
    assertThat(lines(err)).isEmpty();
  }

  @Test
  void noArgumentsRunsEveryExampleInOrder() throws Exception {
    assertThat(run()).isZero();

    assertThat(lines(out))
        .filteredOn(line -> line.startsWith("=== "))
        .containsExactly(
            "=== 1. spinner: four tasks, each drawing its own symbol ===",
            "=== 2. request-id: a request id reaches every log line, on every thread ===",
            "=== 3. transactions: repositories find the open transaction in the context ===",
            "=== 4. task-tree: child tasks see the id their root task picked ===",
            "=== 5. java-kotlin: Java calls a Kotlin coroutine, which calls Java back ===",
            "=== 6. agent: plain pools, futures and threads under the Java agent ===");
  }

  @Test
  void aNameOrANumberRunsOnlyThatExample() throws Exception {
    assertThat(run("task-tree", "4")).isZero();

    assertThat(lines(out))
        .filteredOn(line -> line.startsWith("=== "))
        .containsExactly(
            "=== 4. task-tree: child tasks see the id their root task picked ===",
            "=== 4. task-tree: child tasks see the id their root task picked ===");
  }

  @Test
  void anUnknownNameRunsNothingListsTheChoicesAndFails() throws Exception {
    assertThat(run("task-tree", "no-such-example")).isEqualTo(Examples.UNKNOWN_EXAMPLE);

    assertThat(lines(out)).isEmpty();
    assertThat(lines(err))
        .first()
        .isEqualTo("No example is called 'no-such-example'. Choose from:");
    assertThat(lines(err))
        .contains("  4. task-tree     child tasks see the id their root task picked");
  }

  private int run(String... args) throws Exception {
    try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return Examples.run(args, stdout, stderr);
    }
  }

  private static List<String> lines(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
