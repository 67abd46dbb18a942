package dev.cogwheel.storage.config;

import java.time.Instant;
import java.util.Objects;

/**
 * A value stored for a key at exactly one scope, in its text form.
 *
 * @param key the key's name
 * @param scope the scope the value is set at
 * @param value the text form of the value
 * @param updatedAt when it was last written
 */
public record ConfigEntry(String key, ConfigScope scope, String value, Instant updatedAt) {

  /** Checks the components. */
  public ConfigEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
