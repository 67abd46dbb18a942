package dev.cogwheel.storage.config;

import dev.cogwheel.storage.StorableText;
import dev.cogwheel.storage.StorageInvalidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A typed setting of a plugin, with its default and the rules its values must follow.
 *
 * <pre>{@code
 * static final ConfigKey<Double> MULTIPLIER = ConfigKey.builder("multiplier", ConfigType.DOUBLE)
 *     .defaultValue(1.0)
 *     .description("XP multiplier for this guild")
 *     .rule(ConfigRule.between(0.0, 10.0))
 *     .build();
 * }</pre>
 *
 * @param name the key's name: 1 to 100 of lower-case letters, digits, {@code . _ -}, starting with a
 *     letter; unique within the plugin
 * @param type how values are written as text
 * @param defaultValue the value when nothing is set in any scope
 * @param description what the setting does, shown to admins
 * @param rules the rules every value must follow
 * @param <T> the value type
 */
public record ConfigKey<T>(
    String name, ConfigType<T> type, T defaultValue, String description, List<ConfigRule<T>> rules) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,99}");

  /**
   * Checks the name, copies the rules and checks the default against them.
   *
   * @throws StorageInvalidException if the name is not valid or the default breaks a rule
   */
  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
    rules = List.copyOf(rules);
    if (!NAME.matcher(name).matches()) {
      throw new StorageInvalidException(
          "Config key name '" + name + "' is not valid: use 1 to 100 lower-case letters, digits,"
              + " '.', '_' or '-', starting with a letter.");
    }
    for (ConfigRule<T> rule : rules) {
      if (!rule.test().test(defaultValue)) {
        throw new StorageInvalidException(
            "Default value " + type.encode(defaultValue) + " of config key '" + name
                + "' breaks its own rule: " + rule.description() + ".");
      }
    }
  }

  /**
   * Starts a key.
   *
   * @param name the key's name
   * @param type the value type
   * @param <T> the value type
   * @return a builder; {@link Builder#defaultValue} is required
   */
  public static <T> Builder<T> builder(String name, ConfigType<T> type) {
    return new Builder<>(name, type);
  }

  /**
   * Checks a value against the type and the rules.
   *
   * @param value the value
   * @return the value
   * @throws StorageInvalidException naming the key, the value and the broken rule
   */
  public T validate(T value) {
    if (value == null) {
      throw new StorageInvalidException(
          "Config key '" + name + "' cannot be set to null; clear it to use the default.");
    }
    if (!type.javaType().isInstance(value)) {
      throw new StorageInvalidException(
          "Config key '" + name + "' holds " + type.name() + " values, not "
              + value.getClass().getSimpleName() + ".");
    }
    StorableText.problem(type.encode(value)).ifPresent(problem -> {
      throw new StorageInvalidException("Config key '" + name + "' cannot hold " + problem
          + ", which cannot be stored and shown; remove it.");
    });
    for (ConfigRule<T> rule : rules) {
      if (!rule.test().test(value)) {
        throw new StorageInvalidException(
            "Config key '" + name + "' must be " + rule.description() + "; got "
                + type.encode(value) + ".");
      }
    }
    return value;
  }

  /**
   * Parses a value from the text an admin typed and validates it.
   *
   * @param text the text form
   * @return the value
   * @throws StorageInvalidException naming the key, the text and what was expected
   */
  public T parse(String text) {
    T value;
    try {
      value = type.decode(text);
    } catch (StorageInvalidException e) {
      throw new StorageInvalidException("Config key '" + name + "': " + e.getMessage(), e);
    }
    return validate(value);
  }

  /**
   * Builds a {@link ConfigKey}.
   *
   * @param <T> the value type
   */
  public static final class Builder<T> {
    private final String name;
    private final ConfigType<T> type;
    private final List<ConfigRule<T>> rules = new ArrayList<>();
    private T defaultValue;
    private String description = "";

    private Builder(String name, ConfigType<T> type) {
      this.name = name;
      this.type = type;
    }

    /**
     * Sets the default value (required).
     *
     * @param value the default
     * @return this builder
     */
    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /**
     * Sets the description shown to admins.
     *
     * @param text the description
     * @return this builder
     */
    public Builder<T> description(String text) {
      this.description = text;
      return this;
    }

    /**
     * Adds a rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder<T> rule(ConfigRule<T> rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds a rule from a test and its description.
     *
     * @param test accepts valid values
     * @param description the rule as an admin reads it
     * @return this builder
     */
    public Builder<T> rule(Predicate<? super T> test, String description) {
      return rule(new ConfigRule<>(test, description));
    }

    /**
     * Builds the key.
     *
     * @return the key
     * @throws StorageInvalidException if the name is invalid or the default breaks a rule
     * @throws NullPointerException if no default was given
     */
    public ConfigKey<T> build() {
      if (defaultValue == null) {
        throw new NullPointerException("Config key '" + name + "' needs a defaultValue.");
      }
      return new ConfigKey<>(name, type, defaultValue, description, rules);
    }
  }
}
