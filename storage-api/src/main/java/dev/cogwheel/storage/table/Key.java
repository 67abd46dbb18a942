package dev.cogwheel.storage.table;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The values of a table's primary key columns, in the order the primary key declares them.
 *
 * @param values the values; none is null
 */
public record Key(List<Object> values) {

  /** Copies the values and checks none is null. */
  public Key {
    Objects.requireNonNull(values, "values");
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a key has at least one value");
    }
    values = Collections.unmodifiableList(Arrays.asList(values.toArray()));
    for (Object v : values) {
      Objects.requireNonNull(v, "key values cannot be null");
    }
  }

  /**
   * A key from values in primary key order.
   *
   * @param values the values
   * @return the key
   */
  public static Key of(Object... values) {
    return new Key(Arrays.asList(values));
  }
}
