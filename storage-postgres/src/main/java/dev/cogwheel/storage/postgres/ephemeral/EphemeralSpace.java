package dev.cogwheel.storage.postgres.ephemeral;

import dev.cogwheel.storage.ephemeral.EphemeralStore;
import dev.cogwheel.storage.spi.StorageSettings;

/**
 * Where one backend keeps the ephemeral values of all its plugins, each plugin seeing only its own
 * keys. Created once per backend and closed with it. Thread-safe.
 */
public interface EphemeralSpace extends AutoCloseable {

  /** The setting that selects Redis; without it, values are kept in process memory. */
  String REDIS_URL_SETTING = "ephemeral.redis.url";

  /**
   * Opens the space the settings ask for: Redis if {@value #REDIS_URL_SETTING} is set, otherwise an
   * in-process space with the default bound.
   *
   * @param settings the backend's settings
   * @param namespace what separates this instance's keys from other instances' in a shared Redis
   *     (the instance schema name)
   * @return the space
   * @throws dev.cogwheel.storage.StorageInvalidException if the Redis URL is not valid
   */
  static EphemeralSpace open(StorageSettings settings, String namespace) {
    return settings
        .find(REDIS_URL_SETTING)
        .<EphemeralSpace>map(
            url ->
                new RedisEphemeralSpace(
                    url, namespace, RedisEphemeralSpace.DEFAULT_COMMAND_TIMEOUT))
        .orElseGet(InProcessEphemeralSpace::new);
  }

  /**
   * The store a plugin sees: its own keys only.
   *
   * @param pluginId the plugin
   * @return a store scoped to the plugin
   */
  EphemeralStore forPlugin(String pluginId);

  /**
   * Removes every value of a plugin, as when it is unloaded.
   *
   * @param pluginId the plugin
   * @return how many values were removed
   * @throws dev.cogwheel.storage.StorageUnavailableException if the backing store cannot be reached
   */
  int deleteAll(String pluginId);

  /** Releases the space; values kept in process memory are dropped. */
  @Override
  void close();
}
