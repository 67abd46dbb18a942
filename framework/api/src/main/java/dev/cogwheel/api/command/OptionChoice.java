package dev.cogwheel.api.command;

import java.util.Objects;

/**
 * One of the fixed values a {@link OptionType#STRING}, {@link OptionType#INTEGER} or
 * {@link OptionType#NUMBER} option may take.
 *
 * @param name what the user sees, 1 to 100 characters
 * @param value the value the handler receives: a {@code String}, {@code Long} or {@code Double}
 */
public record OptionChoice(String name, Object value) {

  /**
   * Checks the choice.
   *
   * @throws IllegalArgumentException if the name is blank or too long, or the value is not a String,
   *     Long or Double
   */
  public OptionChoice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException("Choice name '" + name + "' must be 1 to 100 characters.");
    }
    if (value instanceof Integer i) {
      value = i.longValue();
    }
    if (!(value instanceof String || value instanceof Long || value instanceof Double)) {
      throw new IllegalArgumentException("Choice '" + name + "' has a value of type " + value.getClass().getSimpleName()
          + "; use a String, Long or Double.");
    }
  }

  /**
   * A choice whose value is its name.
   *
   * @param name the name and value
   * @return the choice
   */
  public static OptionChoice of(String name) {
    return new OptionChoice(name, name);
  }

  /**
   * A choice with a value.
   *
   * @param name what the user sees
   * @param value the value
   * @return the choice
   */
  public static OptionChoice of(String name, Object value) {
    return new OptionChoice(name, value);
  }
}
