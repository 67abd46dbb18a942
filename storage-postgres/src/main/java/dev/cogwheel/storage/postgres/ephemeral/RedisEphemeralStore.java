package dev.cogwheel.storage.postgres.ephemeral;

import dev.cogwheel.storage.ephemeral.EphemeralStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin's view of a {@link RedisEphemeralSpace}: its own keys only. Every operation may throw
 * {@link dev.cogwheel.storage.StorageUnavailableException} when Redis cannot be reached.
 * Thread-safe.
 */
public final class RedisEphemeralStore implements EphemeralStore {

  private final String pluginId;
  private final RedisEphemeralSpace space;

  /**
   * Creates the store of one plugin.
   *
   * @param pluginId the plugin whose keys it reads and writes; no {@code ':'} or glob characters
   * @param space the space shared by all plugins of the backend
   */
  public RedisEphemeralStore(String pluginId, RedisEphemeralSpace space) {
    this.pluginId = RedisEphemeralSpace.checkSegment("plugin id", pluginId);
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
    return "RedisEphemeralStore[plugin=" + pluginId + ", namespace=" + space.namespace() + "]";
  }
}
