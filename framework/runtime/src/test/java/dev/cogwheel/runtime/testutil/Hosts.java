package dev.cogwheel.runtime.testutil;

import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginRuntimeSettings;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Opens storage backends on test schemas and plugin hosts over them, with short test timeouts. */
public final class Hosts {

  private Hosts() {}

  /** A backend on the test schema, as the host opens one. */
  public static StorageBackend backend(TestSchema schema) {
    Map<String, String> settings = new HashMap<>();
    settings.put("database.url", schema.server().jdbcUrl());
    if (schema.user() != null) {
      settings.put("database.user", schema.user());
    }
    if (schema.password() != null) {
      settings.put("database.password", schema.password());
    }
    settings.put("database.schema", schema.name());
    settings.put("database.pool-size", "4");
    return PostgresStorageBackend.open(StorageSettings.of(settings));
  }

  /**
   * Settings for tests: handlers and drains 15 s (generous: a loaded CI machine must not turn a slow
   * start into a failure), queue 30 s, no backups (the embedded server's pg_dump may not match).
   */
  public static PluginRuntimeSettings settings(Path plugins) {
    return settings(plugins, Set.of(), Map.of());
  }

  public static PluginRuntimeSettings settings(Path plugins, Set<String> databaseAccess, Map<String, Map<String, String>> pluginSettings) {
    return settings(plugins, databaseAccess, pluginSettings, Duration.ofSeconds(15));
  }

  /** Settings with a given handler timeout, for tests of what happens when a handler hangs. */
  public static PluginRuntimeSettings settings(Path plugins, Set<String> databaseAccess, Map<String, Map<String, String>> pluginSettings,
      Duration handlerTimeout) {
    return PluginRuntimeSettings.builder(plugins, "0.1.0").databaseAccess(databaseAccess).handlerTimeout(handlerTimeout)
        .drainTimeout(Duration.ofSeconds(15)).backupBeforeMigrations(false).pluginSettings(pluginSettings).build();
  }

  /** A plugin host over a backend. */
  public static CogwheelPluginManager manager(Path plugins, StorageBackend backend) {
    return new CogwheelPluginManager(settings(plugins), backend);
  }
}
