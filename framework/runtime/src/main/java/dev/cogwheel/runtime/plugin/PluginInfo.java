package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.plugin.Quarantine;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the host knows about one plugin, for {@code /plugins list}, the admin API and the CLI.
 *
 * @param id the plugin id
 * @param version the version of the plugin's descriptor
 * @param state its state
 * @param reason why it is FAILED (or a warning for a STARTED plugin, such as approved database
 *     access or migrations waiting for approval); empty otherwise
 * @param description the descriptor's description
 * @param userData what the plugin says it stores about users
 * @param dependencies the descriptor's dependencies, as written ({@code xp@>=1.0}, {@code stats?})
 * @param file the jar or development directory it was loaded from
 * @param leftovers what its stopped versions left behind: threads still alive after stop, class
 *     loaders not collected (leaked); one line each, empty when nothing
 * @param quarantined the stored data the running version reported it cannot use (see
 *     {@link Quarantine}); empty when it is not running
 */
public record PluginInfo(String id, String version, PluginState state, String reason, String description, String userData,
    List<String> dependencies, Path file, List<String> leftovers, List<Quarantine.Item> quarantined) {

  /** Checks the record. */
  public PluginInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    reason = reason == null ? "" : reason;
    description = description == null ? "" : description;
    userData = userData == null ? "" : userData;
    dependencies = List.copyOf(dependencies);
    Objects.requireNonNull(file, "file");
    leftovers = List.copyOf(leftovers);
    quarantined = List.copyOf(quarantined);
  }
}
