package dev.cogwheel.storage.config;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A validation rule for a setting's values, checked on every write before anything is stored.
 *
 * @param test accepts valid values
 * @param description the rule as an admin reads it ({@code between 0 and 10})
 * @param <T> the value type
 */
public record ConfigRule<T>(Predicate<? super T> test, String description) {

  /** Checks the components. */
  public ConfigRule {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(description, "description");
  }

  /**
   * Values between {@code min} and {@code max}, both included.
   *
   * @param min the smallest valid value
   * @param max the largest valid value
   * @param <N> the number type
   * @return the rule
   */
  public static <N extends Number & Comparable<N>> ConfigRule<N> between(N min, N max) {
    return new ConfigRule<>(
        v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, "between " + min + " and " + max);
  }

  /**
   * Text of at most {@code max} characters.
   *
   * @param max the largest valid length
   * @return the rule
   */
  public static ConfigRule<String> maxLength(int max) {
    return new ConfigRule<>(v -> v.length() <= max, "at most " + max + " characters");
  }
}
