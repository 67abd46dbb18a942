package dev.cogwheel.testkit;

import java.util.Objects;

/**
 * A plugin of the test host, as {@code /plugins list} shows it.
 *
 * @param id the plugin's id
 * @param version its version
 * @param state its state
 * @param reason why it is FAILED or DISABLED; empty otherwise
 */
public record PluginStatus(String id, String version, PluginState state, String reason) {

  /** Checks the values. */
  public PluginStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
  }
}
