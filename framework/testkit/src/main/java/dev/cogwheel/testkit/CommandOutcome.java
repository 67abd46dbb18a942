package dev.cogwheel.testkit;

/** How a command invoked through the testkit ended, as the host saw it. */
public enum CommandOutcome {
  /** The handler returned. */
  SUCCEEDED,
  /** Refused before or by the handler: a bad option, a guild-only or owner-only rule, a {@code CommandException}. */
  REFUSED,
  /** The handler threw; the user got an error id, the log has the details. */
  FAILED,
  /** The handler ran past the host's handler timeout and was interrupted. */
  TIMED_OUT,
  /** The plugin that owns the command is not running, or its reload did not finish in time. */
  UNAVAILABLE,
  /** No plugin has such a command. */
  UNKNOWN
}
