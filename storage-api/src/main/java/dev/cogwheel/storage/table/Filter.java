package dev.cogwheel.storage.table;

import java.util.Collection;
import java.util.Objects;

/**
 * One condition of a {@link Query}.
 *
 * @param column a column name ({@code guild_id}) or record component name ({@code guildId})
 * @param operator how to compare
 * @param value the value compared with; a non-empty collection for {@link Operator#IN}; ignored for
 *     the null tests
 */
public record Filter(String column, Operator operator, Object value) {

  /** Checks the components. */
  public Filter {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(operator, "operator");
    switch (operator) {
      case IS_NULL, IS_NOT_NULL -> value = null;
      case IN -> {
        if (!(value instanceof Collection<?> c) || c.isEmpty()) {
          throw new IllegalArgumentException("IN on '" + column + "' needs a non-empty collection");
        }
      }
      default -> Objects.requireNonNull(value, () -> "value for '" + column + "' (use IS_NULL to match null)");
    }
  }
}
