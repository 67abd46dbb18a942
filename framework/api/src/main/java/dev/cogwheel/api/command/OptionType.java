package dev.cogwheel.api.command;

/** The type of a slash command option, as Discord defines them. */
public enum OptionType {
  /** Text; read with {@link CommandContext#string(String)}. */
  STRING,
  /** A whole number (Discord limits it to ±2^53); read with {@link CommandContext#integer(String)}. */
  INTEGER,
  /** A decimal number; read with {@link CommandContext#number(String)}. */
  NUMBER,
  /** True or false; read with {@link CommandContext#bool(String)}. */
  BOOLEAN,
  /** A user of the guild; read its id with {@link CommandContext#id(String)}. */
  USER,
  /** A channel; read its id with {@link CommandContext#id(String)}. */
  CHANNEL,
  /** A role; read its id with {@link CommandContext#id(String)}. */
  ROLE
}
