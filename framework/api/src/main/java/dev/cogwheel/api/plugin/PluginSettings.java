package dev.cogwheel.api.plugin;

import java.util.Map;
import java.util.Optional;

/**
 * The operator's settings for one plugin: the entries {@code plugin.<id>.<name>} of the instance
 * configuration file, read once at startup. They are for things an operator decides (an API key, a
 * feature switch for the whole instance); settings that guild admins edit belong in
 * {@link dev.cogwheel.storage.config.ConfigStore}.
 *
 * <p>Immutable and thread-safe.
 */
public interface PluginSettings {

  /**
   * A setting's value.
   *
   * @param name the name after {@code plugin.<id>.}
   * @return the value, trimmed; empty when not set
   */
  Optional<String> find(String name);

  /**
   * A setting's value, or a default.
   *
   * @param name the name after {@code plugin.<id>.}
   * @param defaultValue what to return when it is not set
   * @return the value or the default
   */
  default String get(String name, String defaultValue) {
    return find(name).orElse(defaultValue);
  }

  /**
   * Every setting of the plugin.
   *
   * @return the names (after {@code plugin.<id>.}) and their values
   */
  Map<String, String> asMap();
}
