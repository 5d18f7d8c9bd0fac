package org.contextvars.examples.transactions;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.contextvars.examples.Example;
import org.contextvars.examples.NamedThreads;

/**
 * Repository code finds the open transaction in the context instead of taking a connection
 * parameter, against a real embedded database (H2, in memory).
 *
 * <p>Three parts: a transaction that commits; one that fails halfway and rolls back all of its
 * changes; and two transactions open at the same time on two threads, each with its own connection
 * (the database reports two sessions), where one does not see the other's uncommitted row.
 */
public final class TransactionExample implements Example {

  private final AccountRepository accounts = new AccountRepository();

  @Override
  public String name() {
    return "transactions";
  }

  @Override
  public String summary() {
    return "repositories find the open transaction in the context";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("An in-memory H2 database with one table: accounts(name, balance >= 0).");
    out.println("Repository methods take no connection; they use the transaction in the context.");
    try (AccountsDatabase database = AccountsDatabase.create()) {
      DataSource db = database.dataSource();

      out.println();
      out.println("1. Commit");
      try (Transaction tx = Transaction.begin(db)) {
        accounts.open("alice", 100);
        accounts.open("bob", 50);
        tx.commit();
      }
      show(out, "alice and bob open accounts:", balances(db));

      out.println();
      out.println("2. Roll back after an exception");
      try (Transaction tx = Transaction.begin(db)) {
        accounts.deposit("bob", 150);
        show(out, "bob +150, inside the transaction:", String.join(" ", accounts.balances()));
        accounts.withdraw("alice", 150); // alice has 100: breaks balance >= 0
        tx.commit();
      } catch (SQLException e) {
        show(out, "alice -150 fails:", "balance >= 0 broken (SQLState " + e.getSQLState() + ")");
      }
      show(out, "after the rollback:", balances(db));

      out.println();
      out.println("3. Two transactions at once, on two threads");
      ExecutorService threads = Executors.newFixedThreadPool(2, new NamedThreads("tx"));
      try {
        twoAtOnce(db, threads, out);
      } finally {
        threads.shutdown();
        threads.awaitTermination(1, TimeUnit.MINUTES);
      }
    }
    out.println();
    out.println("No repository method had a connection parameter, and no transaction saw");
    out.println("another's connection.");
  }

  /**
   * Transaction A opens an account and waits; meanwhile B, on another thread, lists the accounts;
   * then A commits and B lists them again. Latches fix the order of the steps.
   */
  void twoAtOnce(DataSource db, ExecutorService threads, PrintStream out) throws Exception {
    CountDownLatch carolAdded = new CountDownLatch(1);
    CountDownLatch bLooked = new CountDownLatch(1);
    CountDownLatch aCommitted = new CountDownLatch(1);
    out.printf("   %-2s  %-6s  %-7s  %-28s  %s%n", "tx", "thread", "session", "step", "sees");

    Future<?> a =
        threads.submit(
            () -> {
              try (Transaction tx = Transaction.begin(db)) {
                accounts.open("carol", 10);
                step(out, "A", "opens carol, not committed", accounts.names());
                carolAdded.countDown();
                await(bLooked);
                tx.commit();
                step(out, "A", "commits", List.of());
              }
              aCommitted.countDown();
              return null;
            });
    Future<?> b =
        threads.submit(
            () -> {
              try (Transaction tx = Transaction.begin(db)) {
                await(carolAdded);
                step(out, "B", "lists accounts", accounts.names());
                bLooked.countDown();
                await(aCommitted);
                step(out, "B", "lists accounts again", accounts.names());
                tx.commit();
              }
              return null;
            });
    a.get(1, TimeUnit.MINUTES); // safety nets against a hung step, not timings
    b.get(1, TimeUnit.MINUTES);
  }

  private void step(PrintStream out, String tx, String step, List<String> sees)
      throws SQLException {
    String thread = Thread.currentThread().getName();
    String line =
        String.format(
            "   %-2s  %-6s  %-7s  %-28s  %s",
            tx, thread, accounts.session(), step, String.join(" ", sees));
    out.println(line.stripTrailing());
  }

  private static void show(PrintStream out, String label, String value) {
    out.printf("   %-34s %s%n", label, value);
  }

  @SuppressWarnings("try") // a read-only transaction, rolled back on close
  private String balances(DataSource db) throws SQLException {
    try (Transaction tx = Transaction.begin(db)) {
      return String.join(" ", accounts.balances());
    }
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the other transaction never reached its step");
    }
  }
}
