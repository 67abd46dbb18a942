package dev.cogwheel.storage.postgres.migration;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.postgres.core.SqlErrors;
import dev.cogwheel.storage.spi.migration.DatabaseHealth;
import dev.cogwheel.storage.spi.migration.DatabaseInspector;
import dev.cogwheel.storage.spi.migration.DatabaseStats;
import dev.cogwheel.storage.spi.migration.TableReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Answers {@code cogwheel db health | tables | stats} from PostgreSQL's catalog and statistics views,
 * over the instance's pool. Read-only and stateless, so thread-safe.
 *
 * <p>{@link #health()} never throws: an unreachable database is reported, within the pool's
 * connection timeout, with a problem text free of URLs and passwords. {@link #tables()} and
 * {@link #stats()} throw {@link dev.cogwheel.storage.StorageUnavailableException} when the database
 * does not answer.
 */
public final class PostgresDatabaseInspector implements DatabaseInspector {

  private static final String VERSION_SQL = "SELECT current_setting('server_version')";

  private static final String TABLES_SQL = """
      SELECT c.relname, GREATEST(c.reltuples, 0)::bigint, pg_catalog.pg_total_relation_size(c.oid)
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
      ORDER BY c.relname""";

  private static final String STATS_SQL = """
      WITH t AS (
        SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relkind IN ('r', 'p'))
      SELECT pg_catalog.pg_database_size(d.oid),
        (SELECT COALESCE(sum(pg_catalog.pg_total_relation_size(t.oid)), 0)::bigint FROM t),
        (SELECT count(*) FROM t)::int,
        (SELECT count(*) FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid)::int,
        current_setting('max_connections')::int,
        COALESCE(s.xact_commit, 0), COALESCE(s.xact_rollback, 0), COALESCE(s.blks_hit, 0), COALESCE(s.blks_read, 0)
      FROM pg_catalog.pg_database d LEFT JOIN pg_catalog.pg_stat_database s ON s.datid = d.oid
      WHERE d.datname = current_database()""";

  private final PostgresSettings settings;
  private final HikariDataSource dataSource;
  private final BooleanSupplier configCacheListening;

  /**
   * Creates the inspector of an instance.
   *
   * @param settings the instance's settings (schema, connection timeout)
   * @param dataSource the instance's pool
   * @param configCacheListening whether the config cache receives change notifications now
   */
  public PostgresDatabaseInspector(PostgresSettings settings, HikariDataSource dataSource, BooleanSupplier configCacheListening) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.configCacheListening = Objects.requireNonNull(configCacheListening, "configCacheListening");
  }

  /**
   * {@inheritDoc}
   *
   * <p>The round trip is the time of a trivial query; when the database is unreachable it is how long
   * the attempt took, at most about the connection timeout.
   */
  @Override
  public DatabaseHealth health() {
    long started = System.nanoTime();
    Probe probe = null;
    // The pool may hand out connections the server has already closed (it evicts each one as it
    // fails); ask again, at most once per pooled connection, so the report says how the database is
    // now, not how it was. Each such failure is immediate.
    for (int attempt = 0; probe == null; attempt++) {
      try {
        probe = probe();
      } catch (SQLException e) {
        if (!brokenConnection(e) || attempt >= settings.poolSize()) {
          return health(false, problem(e), "", Duration.ofNanos(System.nanoTime() - started));
        }
      } catch (RuntimeException e) {
        return health(false, problem(e), "", Duration.ofNanos(System.nanoTime() - started));
      }
    }
    // Read after the connection went back, so the pool's numbers do not count this check.
    return withWarnings(health(true, "", probe.version(), probe.roundTrip()), probe.warnings());
  }

  private record Probe(String version, Duration roundTrip, List<String> warnings) {}

  private Probe probe() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(VERSION_SQL + ROLE_SQL)) {
      ps.setQueryTimeout(timeoutSeconds());
      long query = System.nanoTime();
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Probe(shortVersion(rs.getString(1)), Duration.ofNanos(System.nanoTime() - query), warnings(rs));
      }
    }
  }

  /** A connection that broke (class 08) or that the server shut down (class 57P), not a wait for one. */
  private static boolean brokenConnection(SQLException e) {
    String state = e.getSQLState();
    return !(e instanceof SQLTransientConnectionException) && state != null
        && (state.startsWith("08") || state.startsWith("57P"));
  }

  @Override
  public List<TableReport> tables() {
    String schema = settings.schema();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(TABLES_SQL)) {
      ps.setString(1, schema);
      List<TableReport> tables = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          tables.add(new TableReport(name, owner(name), rs.getLong(2), rs.getLong(3)));
        }
      }
      return List.copyOf(tables);
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(e, "list the tables of schema " + schema);
    }
  }

  @Override
  public DatabaseStats stats() {
    String schema = settings.schema();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(STATS_SQL)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long hits = rs.getLong(8);
        long reads = rs.getLong(9);
        // No block was read at all: nothing missed the cache.
        double hitRatio = hits + reads == 0 ? 1.0 : (double) hits / (hits + reads);
        return new DatabaseStats(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
            rs.getLong(6), rs.getLong(7), hitRatio);
      }
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(e, "read the statistics of schema " + schema);
    }
  }

  /**
   * Who owns a table, by its name: {@code cogwheel} for {@code cogwheel_*}, {@code liquibase} for
   * {@code databasechangelog*}, else the plugin id before the first {@code _}, or the whole name if it
   * has none.
   *
   * @param table the table's name
   * @return the owner
   */
  static String owner(String table) {
    if (table.startsWith("cogwheel_")) {
      return "cogwheel";
    }
    if (table.startsWith("databasechangelog")) {
      return "liquibase";
    }
    int underscore = table.indexOf('_');
    return underscore > 0 ? table.substring(0, underscore) : table;
  }

  private DatabaseHealth health(boolean reachable, String problem, String version, Duration roundTrip) {
    int total = 0;
    int active = 0;
    int idle = 0;
    try {
      HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
      if (pool != null) {
        total = pool.getTotalConnections();
        active = pool.getActiveConnections();
        idle = pool.getIdleConnections();
      }
    } catch (RuntimeException e) {
      // A closed pool has no numbers to give; zeros say as much.
    }
    boolean listening;
    try {
      listening = configCacheListening.getAsBoolean();
    } catch (RuntimeException e) {
      listening = false;
    }
    return new DatabaseHealth(reachable, problem, version, settings.schema(), roundTrip, total, active, idle, listening);
  }

  /** {@code 17.2} from {@code 17.2} or {@code 15.20 (Debian 15.20-0+deb12u1)}. */
  private static String shortVersion(String serverVersion) {
    String text = serverVersion == null ? "" : serverVersion.strip();
    int space = text.indexOf(' ');
    return space > 0 ? text.substring(0, space) : text;
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, settings.connectionTimeout().toSeconds());
  }

  /**
   * Why the database did not answer, from the driver's deepest exception ("Connection to host:port
   * refused"), with the URL and the password taken out should a message ever carry them.
   */
  private String problem(Throwable failure) {
    Throwable deepest = null;
    Throwable deepestSql = null;
    int depth = 0;
    for (Throwable t = failure.getCause(); t != null && depth < 20; t = t.getCause(), depth++) {
      deepest = t;
      if (t instanceof SQLException) {
        deepestSql = t;
      }
    }
    Throwable root = deepestSql != null ? deepestSql : deepest != null ? deepest : failure;
    String cause = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String text;
    if (failure instanceof SQLTransientConnectionException) {
      text = "no connection within " + settings.connectionTimeout().toMillis() + " ms"
          + (root != failure ? ": " + cause : "");
    } else {
      String state = failure instanceof SQLException sql && sql.getSQLState() != null ? " [SQLSTATE " + sql.getSQLState() + "]" : "";
      text = cause + state;
    }
    text = text.replace(settings.jdbcUrl(), "<database url>");
    if (settings.password() != null && !settings.password().isEmpty()) {
      text = text.replace(settings.password(), "****");
    }
    return text;
  }

  /** Read with the version: who the bot connects as, and whether it is a superuser or may create roles. */
  private static final String ROLE_SQL = ", current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user";

  private static DatabaseHealth withWarnings(DatabaseHealth health, List<String> warnings) {
    return new DatabaseHealth(health.reachable(), health.problem(), health.serverVersion(), health.schema(),
        health.roundTrip(), health.poolTotal(), health.poolActive(), health.poolIdle(), health.configCacheListening(),
        warnings);
  }

  /** What the bot's database user says about the boundary between plugins. */
  private static List<String> warnings(ResultSet rs) throws SQLException {
    String user = rs.getString(2);
    boolean superuser = rs.getBoolean(3);
    boolean createRole = rs.getBoolean(4);
    if (superuser) {
      return List.of("The bot connects as " + user + ", a superuser: a superuser passes every permission check, so"
          + " a mistake in the bot, or a stolen password, reaches the whole server. Connect as a user of its own"
          + " that owns the instance schema and may create roles (docs/operations.md, Least-privilege database"
          + " setup).");
    }
    if (!createRole) {
      return List.of(user + " may not create roles, so plugins' changesets run as " + user + " and PostgreSQL does"
          + " not keep them from other plugins' tables: ALTER ROLE " + user + " CREATEROLE; (docs/operations.md,"
          + " Plugin roles).");
    }
    return List.of();
  }
}
