package dev.cogwheel.storage.privacy;

import java.util.Map;
import java.util.Objects;

/**
 * One item of exported user data.
 *
 * @param source where it is kept ({@code config}, a table name, a state key)
 * @param fields the item's fields as text, in a stable order
 */
public record UserDataRecord(String source, Map<String, String> fields) {

  /** Copies the fields. */
  public UserDataRecord {
    Objects.requireNonNull(source, "source");
    fields = Map.copyOf(fields);
  }
}
