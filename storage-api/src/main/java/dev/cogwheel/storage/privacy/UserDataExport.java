package dev.cogwheel.storage.privacy;

import java.util.List;
import java.util.Objects;

/**
 * Everything one plugin holds about a person.
 *
 * @param pluginId the plugin
 * @param records the items, empty when the plugin holds nothing
 */
public record UserDataExport(String pluginId, List<UserDataRecord> records) {

  /** Copies the records. */
  public UserDataExport {
    Objects.requireNonNull(pluginId, "pluginId");
    records = List.copyOf(records);
  }
}
