package dev.cogwheel.storage.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings a {@link StorageProvider} opens a backend with, as the operator wrote them
 * ({@code database.url}, {@code database.schema}, {@code ephemeral.redis.url}, ...). Each provider
 * documents the names it reads and validates them when it opens, naming the setting in any error.
 *
 * @param values setting name to value
 */
public record StorageSettings(Map<String, String> values) {

  /** Copies the map, so later changes to the argument do not leak in. */
  public StorageSettings {
    values = Map.copyOf(Objects.requireNonNull(values, "values"));
  }

  /**
   * Creates settings from a map.
   *
   * @param values setting name to value
   * @return the settings
   */
  public static StorageSettings of(Map<String, String> values) {
    return new StorageSettings(values);
  }

  /**
   * The value of a setting, if given and not blank.
   *
   * @param name the setting's name
   * @return the value, trimmed
   */
  public Optional<String> find(String name) {
    return Optional.ofNullable(values.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }
}
