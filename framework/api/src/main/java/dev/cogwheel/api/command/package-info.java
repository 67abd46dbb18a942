/**
 * Slash commands: what a plugin declares ({@link dev.cogwheel.api.command.SlashCommand}) and what its
 * handlers see ({@link dev.cogwheel.api.command.CommandContext}).
 */
package dev.cogwheel.api.command;
