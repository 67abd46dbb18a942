package dev.cogwheel.storage.table;

import java.util.Objects;

/**
 * One sort key of a {@link Query}.
 *
 * @param column a column or record component name
 * @param descending whether larger values come first
 */
public record Order(String column, boolean descending) {

  /** Checks the column. */
  public Order {
    Objects.requireNonNull(column, "column");
  }
}
