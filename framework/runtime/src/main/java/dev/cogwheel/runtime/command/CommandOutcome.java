package dev.cogwheel.runtime.command;

/** How one command invocation ended. */
public enum CommandOutcome {
  /** The handler returned. */
  SUCCEEDED,
  /** Refused before or by the handler: a bad option, a guild-only or owner-only rule, a {@code CommandException}. */
  REFUSED,
  /** The handler threw; the user got an error id, the log has the details. */
  FAILED,
  /** The handler ran longer than the handler timeout and was interrupted. */
  TIMED_OUT,
  /** The plugin that owns the command is not running, or its reload did not finish in time. */
  UNAVAILABLE,
  /** No plugin has a command of that name. */
  UNKNOWN
}
