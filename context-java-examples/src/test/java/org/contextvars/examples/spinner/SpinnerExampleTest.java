package org.contextvars.examples.spinner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextExecutors;
import org.contextvars.examples.Printed;
import org.contextvars.examples.VirtualThreads;
import org.junit.jupiter.api.Test;
import org.contextvars.Context;
import org.contextvars.testing.PoolProbe;

class SpinnerExampleTest {

  private static final String STATIC_FIELD = "static field, pool of 4 threads";
  private static final String CONTEXT_VAR_POOL =
      "ContextVar, pool of 4 threads (ContextExecutors.wrap)";
  private static final String CONTEXT_VAR_VIRTUAL = "ContextVar, one virtual thread per task";

  /** One printed row: {@code task own drew verdict}. */
  private record Row(char task, char own, String drew, String verdict) {
    static Row parse(String line) {
      String[] cells = line.trim().split("\\s+", 4);
      return new Row(cells[0].charAt(0), cells[1].charAt(0), cells[2], cells[3]);
    }
  }

  @Test
  void staticFieldRowsShowOtherTasksSymbols() throws Exception {
    List<Row> rows = rows(Printed.by(new SpinnerExample()), STATIC_FIELD);

    // In every frame all stores happen before all draws, so every task drew the last stored
    // symbol: the four rows are identical, and at most one task owns each drawn symbol.
    assertThat(rows).extracting(Row::drew).containsOnly(rows.get(0).drew());
    assertThat(rows).filteredOn(row -> row.verdict().startsWith("WRONG")).hasSizeGreaterThan(2);
    for (Row row : rows) {
      long wrong = row.drew().chars().filter(symbol -> symbol != row.own()).count();
      String expected = wrong == 0 ? "ok" : "WRONG in " + wrong + " of 16 frames";
      assertThat(row.verdict()).as("verdict of task %s", row.task()).isEqualTo(expected);
    }
  }

  @Test
  void contextVarRowsOnAPoolShowOnlyEachTasksOwnSymbol() throws Exception {
    assertOnlyOwnSymbols(rows(Printed.by(new SpinnerExample()), CONTEXT_VAR_POOL));
  }

  @Test
  void contextVarRowsOnVirtualThreadsShowOnlyEachTasksOwnSymbolWhenTheJdkHasThem()
      throws Exception {
    List<String> printed = Printed.by(new SpinnerExample());
    if (Runtime.version().feature() >= 21) {
      assertOnlyOwnSymbols(rows(printed, CONTEXT_VAR_VIRTUAL));
    } else {
      assertThat(Printed.section(printed, CONTEXT_VAR_VIRTUAL))
          .containsExactly(
              "  skipped: virtual threads need JDK 21 or later; this is JDK "
                  + Runtime.version().feature());
    }
  }

  @Test
  void staticFieldMixesSymbolsInEveryRound() throws Exception {
    ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(4));
    try {
      for (int round = 0; round < 20; round++) {
        List<String> drawn = SpinnerExample.draw(new SymbolStore.StaticField(), pool);
        assertThat(drawn).as("round %d", round).containsOnly(drawn.get(0));
      }
    } finally {
      stop(pool);
    }
  }

  @Test
  void contextVarKeepsEachSymbolOverManyRoundsOnReusedPoolThreadsAndLeavesThemEmpty()
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    ExecutorService pool = ContextExecutors.wrap(threads);
    try {
      for (int round = 0; round < 100; round++) {
        assertThat(SpinnerExample.draw(new SymbolStore.ContextVariable(), pool))
            .as("round %d", round)
            .containsExactly(repeat('|'), repeat('/'), repeat('-'), repeat('\\'));
      }
      assertThat(PoolProbe.onEveryThread(threads, 4, Context::copyCurrent))
          .allSatisfy(left -> assertThat(left.toMap()).isEmpty());
    } finally {
      stop(pool);
    }
  }

  @Test
  void contextVarKeepsEachSymbolOverManyRoundsOnVirtualThreads() throws Exception {
    assumeThat(Runtime.version().feature()).as("virtual threads need JDK 21").isGreaterThan(20);
    ExecutorService pool = ContextExecutors.wrap(VirtualThreads.newPerTaskExecutor().orElseThrow());
    try {
      for (int round = 0; round < 100; round++) {
        assertThat(SpinnerExample.draw(new SymbolStore.ContextVariable(), pool))
            .as("round %d", round)
            .containsExactly(repeat('|'), repeat('/'), repeat('-'), repeat('\\'));
      }
    } finally {
      stop(pool);
    }
  }

  private static List<Row> rows(List<String> printed, String title) {
    List<String> section = Printed.section(printed, title);
    assertThat(section.get(0)).startsWith("  task  own  drew");
    List<Row> rows = section.subList(1, section.size()).stream().map(Row::parse).toList();
    assertThat(rows).extracting(Row::task).containsExactly('A', 'B', 'C', 'D');
    assertThat(rows).extracting(Row::own).containsExactly('|', '/', '-', '\\');
    return rows;
  }

  private static void assertOnlyOwnSymbols(List<Row> rows) {
    for (Row row : rows) {
      assertThat(row.drew()).as("task %s", row.task()).isEqualTo(repeat(row.own()));
      assertThat(row.verdict()).as("task %s", row.task()).isEqualTo("ok");
    }
  }

  private static String repeat(char symbol) {
    return String.valueOf(symbol).repeat(SpinnerExample.FRAMES);
  }

  private static void stop(ExecutorService pool) throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }
}
