package dev.cogwheel.storage.postgres.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The session advisory lock every schema change of an instance runs under (the core schema at open,
 * and every migration operation), so processes sharing the schema change it one after another. It is
 * released with its connection, so a crash never leaves it held.
 */
public final class MigrationLock {

  private MigrationLock() {}

  /**
   * Waits (at most ten minutes) for the lock of a schema on this connection.
   *
   * @param connection the connection that holds it until {@link #release}
   * @param schema the instance schema
   * @throws SQLException if the wait times out or the database fails
   */
  public static void acquire(Connection connection, String schema) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET lock_timeout = '10min'");
    }
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
      ps.setString(1, "cogwheel-migrations:" + schema);
      ps.execute();
    }
  }

  /**
   * Releases the lock taken with {@link #acquire}.
   *
   * @param connection the connection that holds it
   * @param schema the instance schema
   * @throws SQLException if the database fails
   */
  public static void release(Connection connection, String schema) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
      ps.setString(1, "cogwheel-migrations:" + schema);
      ps.execute();
    }
    try (Statement s = connection.createStatement()) {
      s.execute("RESET lock_timeout");
    }
  }
}
