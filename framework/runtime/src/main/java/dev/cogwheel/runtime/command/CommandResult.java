package dev.cogwheel.runtime.command;

import java.util.Objects;

/**
 * The end of one command invocation.
 *
 * @param outcome how it ended
 * @param pluginId the plugin that owns the command; empty for {@link CommandOutcome#UNKNOWN}
 * @param detail what the user was told when it did not succeed, or the error id of a failure
 */
public record CommandResult(CommandOutcome outcome, String pluginId, String detail) {

  /** Checks the record. */
  public CommandResult {
    Objects.requireNonNull(outcome, "outcome");
    pluginId = pluginId == null ? "" : pluginId;
    detail = detail == null ? "" : detail;
  }
}
