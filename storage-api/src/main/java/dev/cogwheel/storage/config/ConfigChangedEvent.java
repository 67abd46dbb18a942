package dev.cogwheel.storage.config;

import java.util.Objects;

/**
 * A setting was set or cleared at one scope, by this process or any other (bot shard, panel, CLI).
 * Read the new effective value with {@link ConfigStore#get}.
 *
 * @param pluginId the plugin whose setting changed
 * @param key the key's name
 * @param scope the scope that was written
 */
public record ConfigChangedEvent(String pluginId, String key, ConfigScope scope) {

  /** Checks the components. */
  public ConfigChangedEvent {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(scope, "scope");
  }
}
