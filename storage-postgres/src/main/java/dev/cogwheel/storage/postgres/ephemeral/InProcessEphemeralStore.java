package dev.cogwheel.storage.postgres.ephemeral;

import dev.cogwheel.storage.ephemeral.EphemeralStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A plugin's view of an {@link InProcessEphemeralSpace}: its own keys only. Thread-safe. */
public final class InProcessEphemeralStore implements EphemeralStore {

  private final String pluginId;
  private final InProcessEphemeralSpace space;

  /**
   * Creates the store of one plugin.
   *
   * @param pluginId the plugin whose keys it reads and writes
   * @param space the space shared by all plugins of the backend
   */
  public InProcessEphemeralStore(String pluginId, InProcessEphemeralSpace space) {
    this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    this.space = Objects.requireNonNull(space, "space");
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
    return "InProcessEphemeralStore[plugin=" + pluginId + "]";
  }
}
