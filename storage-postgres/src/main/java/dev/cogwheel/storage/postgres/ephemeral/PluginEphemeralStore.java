package dev.cogwheel.storage.postgres.ephemeral;

import dev.cogwheel.storage.ephemeral.EphemeralStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One plugin's view of a space: checks the limits, then reads and writes the plugin's own keys. */
final class PluginEphemeralStore implements EphemeralStore {

  /** The operations a space offers per plugin. */
  interface Space {
    Optional<String> get(String pluginId, String key);

    void put(String pluginId, String key, String value, Duration ttl);

    boolean putIfAbsent(String pluginId, String key, String value, Duration ttl);

    boolean delete(String pluginId, String key);
  }

  private final String pluginId;
  private final Space space;
  private final String description;

  PluginEphemeralStore(String pluginId, Space space, String description) {
    this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    this.space = Objects.requireNonNull(space, "space");
    this.description = description;
  }

  @Override
  public Optional<String> get(String key) {
    return space.get(pluginId, EphemeralLimits.checkKey(pluginId, key));
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    EphemeralLimits.checkWrite(pluginId, key, value, ttl);
    space.put(pluginId, key, value, ttl);
  }

  @Override
  public boolean putIfAbsent(String key, String value, Duration ttl) {
    EphemeralLimits.checkWrite(pluginId, key, value, ttl);
    return space.putIfAbsent(pluginId, key, value, ttl);
  }

  @Override
  public boolean delete(String key) {
    return space.delete(pluginId, EphemeralLimits.checkKey(pluginId, key));
  }

  @Override
  public String toString() {
    return description;
  }
}
