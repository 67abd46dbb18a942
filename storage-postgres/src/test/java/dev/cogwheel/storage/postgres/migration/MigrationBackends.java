package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Opens backends on test schemas and reads or writes those schemas with plain SQL. */
final class MigrationBackends {

  private MigrationBackends() {}

  static PostgresStorageBackend open(TestSchema schema) {
    return open(schema, Map.of());
  }

  static PostgresStorageBackend open(TestSchema schema, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put(PostgresSettings.URL, schema.server().jdbcUrl());
    if (!schema.user().isEmpty()) {
      settings.put(PostgresSettings.USER, schema.user());
    }
    if (!schema.password().isEmpty()) {
      settings.put(PostgresSettings.PASSWORD, schema.password());
    }
    settings.put(PostgresSettings.SCHEMA, schema.name());
    settings.put(PostgresSettings.POOL_SIZE, "2");
    settings.putAll(overrides);
    return PostgresStorageBackend.open(StorageSettings.of(settings));
  }

  /** Runs statements in the schema. */
  static void sql(TestSchema schema, String... statements) {
    try (Connection c = schema.connect(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row of a query in the schema, as text. */
  static List<String> rows(TestSchema schema, String query) {
    List<String> rows = new ArrayList<>();
    try (Connection c = schema.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** The columns of a table in the schema, in order. */
  static List<String> columns(TestSchema schema, String table) {
    return rows(schema, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        + " AND table_name = '" + table + "' ORDER BY ordinal_position");
  }

  static boolean tableExists(TestSchema schema, String table) {
    return rows(schema, "SELECT to_regclass('" + schema.name() + "." + table + "') IS NOT NULL").get(0).equals("t");
  }
}
