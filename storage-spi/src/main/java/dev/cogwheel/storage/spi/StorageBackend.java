package dev.cogwheel.storage.spi;

import dev.cogwheel.storage.PidDeriver;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.spi.migration.DatabaseInspector;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.panel.PanelStore;
import dev.cogwheel.storage.state.StateStore;

/**
 * A running backend shared by all plugins of one instance. The host holds it; plugins only ever see the
 * {@link StorageService} it hands out for them. Thread-safe.
 */
public interface StorageBackend extends AutoCloseable {

  /**
   * The storage service of one plugin. Calling it again for the same id returns a service over the
   * same data.
   *
   * @param pluginId the plugin's id (lower-case letters and digits, starting with a letter, at most 32)
   * @return the plugin's storage
   * @throws StorageInvalidException if the id is not valid or is reserved
   */
  StorageService forPlugin(String pluginId);

  /**
   * Drops what a stopped plugin registered through its service (config listeners, privacy hooks,
   * registered config keys), so that nothing of the plugin's classes stays reachable from the backend.
   * Its stored config, state, tables and ephemeral values stay. The next {@link #forPlugin(String)}
   * returns a fresh service over the same data.
   *
   * @param pluginId the plugin's id
   */
  void release(String pluginId);

  /**
   * Durable state of the host itself (which plugins an operator disabled, and the like), kept apart
   * from every plugin's state; never handed to plugins.
   *
   * @return the host's state store
   */
  StateStore hostState();

  /**
   * The instance's Pid derivation, keyed by its secret.
   *
   * @return the deriver
   */
  PidDeriver pids();

  /**
   * The instance's schema migrations, for the host and the operator's tools; never handed to plugins.
   *
   * @return the migrations
   */
  SchemaMigrations migrations();

  /**
   * Health, tables and statistics of the instance's database, for the operator's tools.
   *
   * @return the inspector
   */
  DatabaseInspector inspector();

  /**
   * The admin API's operator tokens and audit log, for the host and the operator's tools; never
   * handed to plugins.
   *
   * @return the panel store
   */
  PanelStore panel();

  /**
   * Completes pending group commits, then releases connections and threads. Further calls fail with
   * {@link StorageUnavailableException}.
   */
  @Override
  void close();
}
