package dev.cogwheel.runtime.command;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;

/**
 * One use of a slash command, as the host receives it.
 *
 * @param command the command name
 * @param group the subcommand group's name, if the subcommand is in one
 * @param subcommand the subcommand's name, if the command has subcommands
 * @param options the options given: {@code String}, {@code Long} (integers and the ids of users,
 *     channels and roles), {@code Double} or {@code Boolean}
 * @param guildId the guild, empty in a direct message
 * @param channelId the channel
 * @param userId the caller's Discord id
 * @param owner whether the caller is one of the bot's owners
 * @param interaction the JDA interaction, when it came from Discord
 */
public record CommandInvocation(String command, Optional<String> group, Optional<String> subcommand, Map<String, Object> options, OptionalLong guildId,
    long channelId, long userId, boolean owner, Optional<SlashCommandInteraction> interaction) {

  /** Checks the record. */
  public CommandInvocation {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(subcommand, "subcommand");
    options = Map.copyOf(options);
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(interaction, "interaction");
  }

  /**
   * The command as typed, without options.
   *
   * @return {@code ticket staff add}, {@code xp rank}, or {@code balance}
   */
  public String path() {
    return command + group.map(g -> " " + g).orElse("") + subcommand.map(s -> " " + s).orElse("");
  }
}
