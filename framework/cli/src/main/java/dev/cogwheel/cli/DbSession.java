package dev.cogwheel.cli;

import dev.cogwheel.cli.config.CogwheelConfig;
import dev.cogwheel.cli.config.ConfigException;
import dev.cogwheel.runtime.plugin.PluginDirectory;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.StorageProvider;
import dev.cogwheel.storage.spi.StorageProviders;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.storage.spi.migration.DatabaseInspector;
import dev.cogwheel.storage.spi.migration.MigrationSource;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.panel.PanelStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The storage backend a {@code cogwheel db} command works on, opened from the configuration, with
 * the plugins' migration sources registered when the command needs them.
 */
final class DbSession implements AutoCloseable {

  /**
   * A command needs one connection for the migration lock and one for pg_dump's version check; the
   * bot's pool size is for the bot, not for a short-lived tool next to it.
   */
  private static final String POOL_SIZE = "3";

  private final StorageBackend backend;

  private DbSession(StorageBackend backend) {
    this.backend = backend;
  }

  /**
   * Opens the backend. Ephemeral values are never touched by these commands, so Redis is left out:
   * the database can be repaired while Redis is down.
   *
   * @param withPlugins whether to register the plugins' migration sources
   * @param err where skipped plugins are reported
   */
  static DbSession open(CogwheelConfig config, boolean withPlugins, PrintWriter err) {
    List<MigrationSource> plugins = withPlugins ? scanPlugins(config, err) : List.of();
    Map<String, String> values = new TreeMap<>(config.storageSettings().values());
    values.put("database.pool-size", POOL_SIZE);
    values.remove("ephemeral.redis.url");
    StorageBackend backend = provider().open(StorageSettings.of(values));
    try {
      for (MigrationSource source : plugins) {
        try {
          backend.migrations().register(source);
        } catch (StorageException e) {
          err.println("Warning: skipped " + source.location() + ": " + e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    err.flush();
    return new DbSession(backend);
  }

  static StorageProvider provider() {
    try {
      return StorageProviders.find();
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.FAILED, e.getMessage());
    }
  }

  /** Scans before anything is opened, so a wrong plugins directory fails without touching the database. */
  private static List<MigrationSource> scanPlugins(CogwheelConfig config, PrintWriter err) {
    if (config.find(CogwheelConfig.PLUGINS_DIRECTORY).isPresent() && !Files.isDirectory(config.pluginsDirectory())) {
      throw new ConfigException(CogwheelConfig.PLUGINS_DIRECTORY + " is '" + config.pluginsDirectory()
          + "', which is not a directory; point it (or COGWHEEL_PLUGINS_DIR) at the directory that holds the plugin jars.");
    }
    PluginDirectory.Scan scan = new PluginDirectory().scan(config.pluginsDirectory());
    scan.problems().forEach(problem -> err.println("Warning: " + problem));
    return scan.sources();
  }

  SchemaMigrations migrations() {
    return backend.migrations();
  }

  DatabaseInspector inspector() {
    return backend.inspector();
  }

  PanelStore panel() {
    return backend.panel();
  }

  @Override
  public void close() {
    backend.close();
  }
}
