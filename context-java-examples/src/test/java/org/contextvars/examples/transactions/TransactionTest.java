package org.contextvars.examples.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;

class TransactionTest {

  private final AccountRepository accounts = new AccountRepository();
  private AccountsDatabase database;

  @BeforeEach
  void createDatabase() throws SQLException {
    database = AccountsDatabase.create();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    database.close();
  }

  @Test
  void repositoryCodeOutsideATransactionGetsAClearError() {
    assertThatThrownBy(accounts::names)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no transaction is open in this context: start one with Transaction.begin");
  }

  @Test
  void beginInsideAnOpenTransactionFailsAndLeavesTheOpenOneInPlace() throws SQLException {
    try (Transaction tx = Transaction.begin(database.dataSource())) {
      Connection open = Transaction.connection();

      assertThatThrownBy(() -> Transaction.begin(database.dataSource()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a transaction is already open in this context");

      assertThat(Transaction.connection()).isSameAs(open);
      assertThat(open.isClosed()).isFalse();
      tx.commit();
    }
  }

  @Test
  void commitMakesChangesVisibleToLaterTransactions() throws SQLException {
    try (Transaction tx = Transaction.begin(database.dataSource())) {
      accounts.open("alice", 100);
      tx.commit();
    }
    assertThat(names()).containsExactly("alice");
  }

  @Test
  void closingWithoutCommitRollsBackUnbindsAndClosesTheConnection() throws SQLException {
    Connection used;
    try (Transaction tx = Transaction.begin(database.dataSource())) {
      used = Transaction.connection();
      accounts.open("alice", 100);
    }
    assertThat(used.isClosed()).isTrue();
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
    assertThat(names()).isEmpty();
  }

  @Test
  void anExceptionRollsBackEveryChangeAndPropagates() throws SQLException {
    try (Transaction tx = Transaction.begin(database.dataSource())) {
      accounts.open("alice", 100);
      tx.commit();
    }
    assertThatThrownBy(
            () -> {
              try (Transaction tx = Transaction.begin(database.dataSource())) {
                accounts.open("bob", 0);
                accounts.withdraw("alice", 101);
                tx.commit();
              }
            })
        .isInstanceOf(SQLException.class);
    assertThat(balances()).containsExactly("alice=100");
  }

  @Test
  void concurrentTransactionsUseOnlyTheirOwnConnectionAndNeverSeeUncommittedRows()
      throws Exception {
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    oneTransaction("t" + thread + "-" + i, i % 2 == 0);
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get(1, TimeUnit.MINUTES);
      }
      assertThat(PoolProbe.onEveryThread(pool, threads, Context::copyCurrent))
          .allSatisfy(left -> assertThat(left.toMap()).isEmpty());
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
    List<String> expected = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i += 2) {
        expected.add("t" + t + "-" + i);
      }
    }
    assertThat(new TreeSet<>(names())).containsExactlyElementsOf(new TreeSet<>(expected));
  }

  /** Opens an account; commits it when {@code commit}, else fails, so it is never committed. */
  private void oneTransaction(String name, boolean commit) throws SQLException {
    try (Transaction tx = Transaction.begin(database.dataSource())) {
      Connection own = Transaction.connection();
      String session = accounts.session();
      accounts.open(name, 1);
      Thread.yield();
      // Rows that are never committed are named with an odd number: only our own may show.
      List<String> seen = accounts.names();
      assertThat(seen).contains(name);
      assertThat(seen)
          .filteredOn(other -> !other.equals(name) && isOdd(other))
          .as("rows another transaction has not committed")
          .isEmpty();
      assertThat(Transaction.connection()).isSameAs(own);
      assertThat(accounts.session()).isEqualTo(session);
      if (commit) {
        tx.commit();
      } else {
        throw new NeverCommitted();
      }
    } catch (NeverCommitted expected) {
      assertThat(commit).isFalse();
    }
  }

  private static final class NeverCommitted extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static boolean isOdd(String name) {
    return Integer.parseInt(name.substring(name.indexOf('-') + 1)) % 2 == 1;
  }

  private List<String> names() throws SQLException {
    try (Transaction tx = Transaction.begin(database.dataSource())) {
      return accounts.names();
    }
  }

  private List<String> balances() throws SQLException {
    try (Transaction tx = Transaction.begin(database.dataSource())) {
      return accounts.balances();
    }
  }
}
