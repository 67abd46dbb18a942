package dev.cogwheel.storage.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored state value.
 *
 * @param key the key
 * @param value the value (JSON text is a good choice for structured state)
 * @param version starts at 1 and grows by one with every write; use it for compare-and-set
 * @param updatedAt when it was last written
 */
public record StateEntry(String key, String value, long version, Instant updatedAt) {

  /** Checks the components. */
  public StateEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
  }
}
