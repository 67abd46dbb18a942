package dev.cogwheel.storage.spi.migration;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A plugin's changelog: the files under {@code db/changelog/<plugin id>/} of its jar or classes
 * directory, with {@code changelog.yaml} (or {@code .yml}, {@code .json}) as the root; a changelog in
 * another format is refused by the review.
 * Its changesets are recorded under the logical path {@code plugins/<id>/...} and the label
 * {@code plugin-<id>}, so they keep their identity whether they come from a jar or a directory.
 *
 * @param pluginId the plugin
 * @param location the plugin's jar or classes directory
 * @param dependsOn the plugins whose changelogs must apply first
 */
public record MigrationSource(String pluginId, Path location, List<String> dependsOn) {

  /** Checks and copies the components. */
  public MigrationSource {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(location, "location");
    dependsOn = List.copyOf(dependsOn);
  }

  /**
   * A source without dependencies.
   *
   * @param pluginId the plugin
   * @param location the jar or classes directory
   * @return the source
   */
  public static MigrationSource of(String pluginId, Path location) {
    return new MigrationSource(pluginId, location, List.of());
  }
}
