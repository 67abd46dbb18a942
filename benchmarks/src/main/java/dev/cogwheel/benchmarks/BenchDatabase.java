package dev.cogwheel.benchmarks;

import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where every benchmark gets its database: the test fixture's server ({@code COGWHEEL_TEST_DATABASE_URL},
 * else embedded PostgreSQL 17), a fresh schema per trial, and backends opened on it exactly as the
 * host opens them.
 */
final class BenchDatabase {

  /** The plugin id the benchmarks' tables and settings belong to. */
  static final String PLUGIN = "bench";

  /**
   * The pool size of every backend. The plain-JDBC baselines borrow from the same pool
   * ({@link PostgresStorageBackend#dataSource()}), so both sides have the same connections.
   */
  static final int POOL_SIZE = 10;

  static {
    // Liquibase logs through java.util.logging; send it to logback, which keeps warnings only.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  private BenchDatabase() {}

  /**
   * Creates a fresh schema on the test server.
   *
   * @param hint what it is for
   * @return the schema; close it after the backends
   */
  static TestSchema createSchema(String hint) {
    return TestPostgres.get().createSchema(hint);
  }

  /**
   * Opens a backend on a schema with the default settings and {@link #POOL_SIZE} connections.
   *
   * @param schema the schema
   * @param overrides settings to add or replace (e.g. {@code config.cache=false})
   * @return the backend
   */
  static PostgresStorageBackend open(TestSchema schema, Map<String, String> overrides) {
    TestPostgres server = schema.server();
    Map<String, String> settings = new HashMap<>();
    settings.put("database.url", server.jdbcUrl());
    settings.put("database.user", server.user());
    settings.put("database.password", server.password());
    settings.put("database.schema", schema.name());
    settings.put("database.pool-size", Integer.toString(POOL_SIZE));
    settings.putAll(overrides);
    return PostgresStorageBackend.open(StorageSettings.of(settings));
  }

  /**
   * Runs DDL or set-up statements on a connection of the pool (whose search path is the schema).
   *
   * @param pool the backend's pool
   * @param statements the statements, in order
   */
  static void execute(DataSource pool, String... statements) {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("benchmark set-up failed: " + e.getMessage(), e);
    }
  }

  /**
   * Closes what a trial opened, backends first (a pool still holding connections would block the
   * schema's drop), then the schema.
   *
   * @param schema the schema, or null
   * @param backends the backends, any of them null
   */
  static void closeAll(TestSchema schema, PostgresStorageBackend... backends) {
    RuntimeException failure = null;
    for (PostgresStorageBackend backend : backends) {
      if (backend != null) {
        try {
          backend.close();
        } catch (RuntimeException e) {
          failure = e;
        }
      }
    }
    if (schema != null) {
      schema.close();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
