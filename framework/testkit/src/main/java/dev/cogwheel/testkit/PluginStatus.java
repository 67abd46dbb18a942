package dev.cogwheel.testkit;

import dev.cogwheel.api.plugin.Quarantine;
import java.util.List;
import java.util.Objects;

/**
 * A plugin of the test host, as {@code /plugins list} shows it.
 *
 * @param id the plugin's id
 * @param version its version
 * @param state its state
 * @param reason why it is FAILED or DISABLED; empty otherwise
 * @param quarantined the stored data the running plugin reported it cannot use (see {@link Quarantine})
 */
public record PluginStatus(String id, String version, PluginState state, String reason, List<Quarantine.Item> quarantined) {

  /** Checks the values. */
  public PluginStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    quarantined = List.copyOf(quarantined);
  }
}
