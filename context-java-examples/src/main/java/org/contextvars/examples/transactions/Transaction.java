package org.contextvars.examples.transactions;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.contextvars.ContextVar;
import org.contextvars.Token;

/**
 * A database transaction that code below it finds in the context, so repositories take no
 * connection parameter.
 *
 * <pre>{@code
 * try (Transaction tx = Transaction.begin(dataSource)) {
 *   accounts.deposit("bob", 30);    // finds the connection through Transaction.connection()
 *   accounts.withdraw("alice", 30);
 *   tx.commit();
 * }                                 // without commit(), e.g. after an exception: rolled back
 * }</pre>
 *
 * <p>Each thread, and each task run through {@code ContextExecutors}, has its own context, so two
 * transactions on two threads never see each other's connection.
 */
final class Transaction implements AutoCloseable {

  private static final ContextVar<Connection> CONNECTION = ContextVar.of("connection");

  private final Connection connection;
  private final Token<Connection> token;
  private boolean committed;

  private Transaction(Connection connection, Token<Connection> token) {
    this.connection = connection;
    this.token = token;
  }

  /**
   * Opens a connection, starts a transaction on it, and binds it to the current context until
   * {@link #close()}.
   *
   * @throws IllegalStateException if a transaction is already open in this context
   */
  static Transaction begin(DataSource database) throws SQLException {
    if (CONNECTION.isBound()) {
      throw new IllegalStateException(
          "a transaction is already open in this context; nested transactions are not supported");
    }
    Connection connection = database.getConnection();
    try {
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new Transaction(connection, CONNECTION.set(connection));
  }

  /**
   * The connection of the transaction open in the current context.
   *
   * @throws IllegalStateException outside a transaction
   */
  static Connection connection() {
    if (!CONNECTION.isBound()) {
      throw new IllegalStateException(
          "no transaction is open in this context: start one with Transaction.begin");
    }
    return CONNECTION.get();
  }

  void commit() throws SQLException {
    connection.commit();
    committed = true;
  }

  /**
   * Rolls back unless {@link #commit()} succeeded, unbinds the connection from the context, and
   * closes it. Call it where {@link #begin} was called: same thread, same context.
   */
  @Override
  public void close() throws SQLException {
    try {
      token.close(); // first, so the context is clean even if the database fails below
    } finally {
      try {
        if (!committed) {
          connection.rollback();
        }
      } finally {
        connection.close();
      }
    }
  }
}
