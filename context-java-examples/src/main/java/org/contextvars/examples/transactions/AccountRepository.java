package org.contextvars.examples.transactions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC against the {@code accounts} table. No method takes a connection: each one uses the
 * transaction open in the current context.
 */
final class AccountRepository {

  void open(String name, long balance) throws SQLException {
    update("INSERT INTO accounts (name, balance) VALUES (?, ?)", name, balance);
  }

  void deposit(String name, long amount) throws SQLException {
    update("UPDATE accounts SET balance = balance + ? WHERE name = ?", amount, name);
  }

  /** Fails with a constraint violation when the balance would drop below zero. */
  void withdraw(String name, long amount) throws SQLException {
    update("UPDATE accounts SET balance = balance - ? WHERE name = ?", amount, name);
  }

  /** {@code name=balance} for every account this transaction can see, by name. */
  List<String> balances() throws SQLException {
    return query("SELECT name || '=' || balance FROM accounts ORDER BY name");
  }

  /** The names of the accounts this transaction can see. */
  List<String> names() throws SQLException {
    return query("SELECT name FROM accounts ORDER BY name");
  }

  /** The database's own number for the session behind the current connection. */
  String session() throws SQLException {
    return query("SELECT SESSION_ID()").get(0);
  }

  private static void update(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = Transaction.connection().prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      if (statement.executeUpdate() != 1) {
        throw new SQLException("expected one row to change: " + sql);
      }
    }
  }

  private static List<String> query(String sql) throws SQLException {
    Connection connection = Transaction.connection();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }
}
