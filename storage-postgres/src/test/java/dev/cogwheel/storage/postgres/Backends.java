package dev.cogwheel.storage.postgres;

import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Opens backends on test schemas and runs setup SQL there. */
final class Backends {

  private Backends() {}

  static Map<String, String> settings(TestSchema schema) {
    Map<String, String> settings = new HashMap<>();
    settings.put(PostgresSettings.URL, schema.server().jdbcUrl());
    if (schema.user() != null) {
      settings.put(PostgresSettings.USER, schema.user());
    }
    if (schema.password() != null) {
      settings.put(PostgresSettings.PASSWORD, schema.password());
    }
    settings.put(PostgresSettings.SCHEMA, schema.name());
    settings.put(PostgresSettings.POOL_SIZE, "4");
    return settings;
  }

  static PostgresStorageBackend open(TestSchema schema) {
    return PostgresStorageBackend.open(StorageSettings.of(settings(schema)));
  }

  static PostgresStorageBackend open(TestSchema schema, Map<String, String> overrides) {
    Map<String, String> settings = settings(schema);
    settings.putAll(overrides);
    return PostgresStorageBackend.open(StorageSettings.of(settings));
  }

  /** Runs DDL in the schema, as a plugin's changelog would. */
  static void sql(TestSchema schema, String... statements) {
    try (Connection c = schema.connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
