package org.contextvars.examples.transactions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A fresh in-memory H2 database with an {@code accounts} table. It lives until {@link #close()}.
 */
final class AccountsDatabase implements AutoCloseable {

  private static final AtomicInteger CREATED = new AtomicInteger();

  private final DataSource dataSource;

  /** An in-memory database disappears when its last connection closes; this one holds it open. */
  private final Connection keepAlive;

  private AccountsDatabase(DataSource dataSource, Connection keepAlive) {
    this.dataSource = dataSource;
    this.keepAlive = keepAlive;
  }

  static AccountsDatabase create() throws SQLException {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:accounts-" + CREATED.incrementAndGet());
    Connection keepAlive = dataSource.getConnection();
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute(
          "CREATE TABLE accounts ("
              + " name VARCHAR(40) PRIMARY KEY,"
              + " balance BIGINT NOT NULL CHECK (balance >= 0))");
    } catch (SQLException e) {
      keepAlive.close();
      throw e;
    }
    return new AccountsDatabase(dataSource, keepAlive);
  }

  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() throws SQLException {
    keepAlive.close();
  }
}
