package dev.cogwheel.api.command;

import dev.cogwheel.storage.Pid;
import java.util.OptionalLong;

/**
 * One autocomplete request: the option the user is typing in and what they typed so far.
 *
 * @param commandPath the command as typed, without options ({@code shop buy})
 * @param option the option being typed
 * @param typed what the user typed so far (may be empty)
 * @param guildId the guild, empty in a direct message
 * @param caller the caller's Pid
 */
public record AutocompleteContext(String commandPath, String option, String typed, OptionalLong guildId, Pid caller) {}
