package dev.cogwheel.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh schema on the {@link TestPostgres} server, for one test class (or one test).
 *
 * <p>Created by {@link TestPostgres#createSchema(String)} or injected by {@link PostgresExtension}.
 * {@link #jdbcUrl()} and {@link #connect()} put the schema first on the {@code search_path}, so
 * unqualified names land in it. {@link #close()} drops the schema with everything in it, and the roles
 * named {@code <schema>_*} (the plugin roles of an instance in it), unless the
 * environment variable {@value #KEEP_SCHEMAS_VARIABLE} is {@code true}, which keeps schemas for
 * looking at after a failed run.
 *
 * <p>Thread-safe.
 */
public final class TestSchema implements AutoCloseable {

  /** The environment variable that, when {@code true}, keeps schemas instead of dropping them. */
  public static final String KEEP_SCHEMAS_VARIABLE = "COGWHEEL_TEST_KEEP_SCHEMAS";

  /**
   * Half of PostgreSQL's limit on identifiers (NAMEDATALEN - 1 = 63), so that the role
   * {@code <schema>_<plugin id>} of any plugin (ids have at most 32 characters) fits too.
   */
  private static final int MAX_NAME_LENGTH = 30;
  private static final int SUFFIX_LENGTH = 8;
  private static final String SUFFIX_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Duration DROP_LOCK_TIMEOUT = Duration.ofSeconds(10);
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final Logger LOG = LoggerFactory.getLogger(TestSchema.class);

  private final TestPostgres server;
  private final String name;
  private boolean closed;

  TestSchema(TestPostgres server, String name) {
    this.server = server;
    this.name = name;
  }

  /**
   * Returns the schema's name, a valid unquoted identifier in {@code [a-z0-9_]}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns a JDBC URL whose connections use this schema: the server's {@link TestPostgres#jdbcUrl()}
   * with {@code currentSchema=<name>}. Connect with {@link #user()} and {@link #password()}.
   *
   * @return the URL; safe to print
   */
  public String jdbcUrl() {
    return DatabaseUrl.withParameter(server.jdbcUrl(), "currentSchema", name);
  }

  /**
   * Returns the user to connect as, the server's.
   *
   * @return the user name
   */
  public String user() {
    return server.user();
  }

  /**
   * Returns the password to connect with, the server's.
   *
   * @return the password, empty when the server asks for none; never print it
   */
  public String password() {
    return server.password();
  }

  /**
   * Returns the server the schema lives on.
   *
   * @return the server
   */
  public TestPostgres server() {
    return server;
  }

  /**
   * Opens a connection whose {@code current_schema()} is this schema.
   *
   * @return a new connection the caller closes
   * @throws SQLException if the server refuses the connection
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), server.connectionProperties());
  }

  /**
   * Drops the schema and everything in it, or keeps it when {@value #KEEP_SCHEMAS_VARIABLE} is
   * {@code true}. Calling it again after it succeeded does nothing; after a failure, it tries again.
   *
   * <p>Close the connections and pools that use the schema first: a transaction still open on it
   * holds locks the drop waits for, at most 10 seconds.
   *
   * @throws IllegalStateException if the schema could not be dropped
   */
  @Override
  public void close() {
    close(Boolean.parseBoolean(System.getenv(KEEP_SCHEMAS_VARIABLE)), DROP_LOCK_TIMEOUT);
  }

  synchronized void close(boolean keep, Duration lockTimeout) {
    if (closed) {
      return;
    }
    if (keep) {
      closed = true;
      LOG.info("Kept schema {} because {}=true", name, KEEP_SCHEMAS_VARIABLE);
      return;
    }
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      statement.execute("SET lock_timeout = " + lockTimeout.toMillis());
      statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
      dropRoles(connection);
      closed = true;
    } catch (SQLException e) {
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw new IllegalStateException("Could not drop schema " + name + " within "
            + lockTimeout.toMillis() + " ms: a connection still holds a lock in it. Close the test's"
            + " connections and pools before the schema.", e);
      }
      throw new IllegalStateException("Could not drop schema " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Drops the roles named {@code <schema>_*}, which Cogwheel creates for the plugins of the instance in
   * this schema: roles belong to the whole server, so they outlive the schema unless dropped.
   */
  private void dropRoles(Connection connection) throws SQLException {
    List<String> roles = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT rolname FROM pg_roles WHERE left(rolname, length(?) + 1) = ? || '_'")) {
      ps.setString(1, name);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          roles.add(rs.getString(1));
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (String role : roles) {
        statement.execute("DROP OWNED BY \"" + role + "\"");
        statement.execute("DROP ROLE \"" + role + "\"");
      }
    }
  }

  /** Shows the schema's name. */
  @Override
  public String toString() {
    return name;
  }

  /** Derives a unique schema name from a hint; see {@link TestPostgres#createSchema(String)}. */
  static String nameFor(String hint) {
    String base = (hint == null ? "" : hint.strip())
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_]+", "_")
        .replaceAll("_+", "_")
        .replaceAll("^_|_$", "");
    if (base.isEmpty()) {
      base = "test";
    }
    if (base.charAt(0) < 'a' || base.charAt(0) > 'z' || base.startsWith("pg_")) {
      // Names must start with a letter, and pg_ is reserved for system schemas.
      base = "t_" + base;
    }
    int room = MAX_NAME_LENGTH - SUFFIX_LENGTH - 1;
    if (base.length() > room) {
      base = base.substring(0, room).replaceAll("_+$", "");
    }
    StringBuilder name = new StringBuilder(base).append('_');
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      name.append(SUFFIX_CHARACTERS.charAt(random.nextInt(SUFFIX_CHARACTERS.length())));
    }
    return name.toString();
  }
}
