package org.contextvars.examples.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.contextvars.examples.Printed;
import org.junit.jupiter.api.Test;
import org.contextvars.Context;
import org.contextvars.testing.PoolProbe;

class TransactionExampleTest {

  /** One row of part 3: tx, thread, session, step, and what it sees (empty for a commit). */
  private record Step(String tx, String thread, String session, String step, String sees) {
    static Step parse(String line) {
      String[] cells = line.trim().split("\\s{2,}");
      return new Step(cells[0], cells[1], cells[2], cells[3], cells.length > 4 ? cells[4] : "");
    }
  }

  @Test
  void printsACommitARollbackThatUndoesEverythingAndTwoIsolatedTransactions() throws Exception {
    List<String> printed = Printed.by(new TransactionExample());

    assertThat(Printed.section(printed, "1. Commit"))
        .containsExactly("   alice and bob open accounts:       alice=100 bob=50");
    assertThat(Printed.section(printed, "2. Roll back after an exception"))
        .containsExactly(
            "   bob +150, inside the transaction:  alice=100 bob=200",
            "   alice -150 fails:                  balance >= 0 broken (SQLState 23513)",
            "   after the rollback:                alice=100 bob=50");
    assertIsolated(Printed.section(printed, "3. Two transactions at once, on two threads"));
  }

  @Test
  void twoTransactionsAtOnceStayIsolatedRoundAfterRoundAndLeaveThePoolThreadsEmpty()
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AccountsDatabase database = AccountsDatabase.create();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
          try (Transaction tx = Transaction.begin(database.dataSource())) {
            new AccountRepository().open("alice", 100);
            new AccountRepository().open("bob", 50);
            tx.commit();
          }
          new TransactionExample().twoAtOnce(database.dataSource(), threads, out);
        }
        assertIsolated(bytes.toString(StandardCharsets.UTF_8).lines().toList());
      }
      assertThat(PoolProbe.onEveryThread(threads, 2, Context::copyCurrent))
          .allSatisfy(left -> assertThat(left.toMap()).isEmpty());
    } finally {
      threads.shutdown();
      assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  private static void assertIsolated(List<String> table) {
    List<Step> steps = assertSteps(table);
    assertThat(steps.get(0).sees()).isEqualTo("alice bob carol");
    assertThat(steps.get(2).sees()).isEmpty();
    assertThat(steps.get(1).sees()).isEqualTo("alice bob");
    assertThat(steps.get(3).sees()).isEqualTo("alice bob carol");
  }

  /** Checks the shape of part 3 and that A and B kept separate threads and sessions. */
  private static List<Step> assertSteps(List<String> table) {
    assertThat(table.get(0).trim().split("\\s+"))
        .containsExactly("tx", "thread", "session", "step", "sees");
    List<Step> steps = table.subList(1, table.size()).stream().map(Step::parse).toList();
    assertThat(steps)
        .extracting(Step::tx, Step::step)
        .containsExactly(
            tuple("A", "opens carol, not committed"),
            tuple("B", "lists accounts"),
            tuple("A", "commits"),
            tuple("B", "lists accounts again"));
    Step a = steps.get(0);
    Step b = steps.get(1);
    assertThat(steps.get(2))
        .extracting(Step::thread, Step::session)
        .containsExactly(a.thread(), a.session());
    assertThat(steps.get(3))
        .extracting(Step::thread, Step::session)
        .containsExactly(b.thread(), b.session());
    assertThat(a.thread()).isNotEqualTo(b.thread());
    assertThat(a.session()).isNotEqualTo(b.session());
    return steps;
  }
}
