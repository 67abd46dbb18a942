package dev.cogwheel.api.command;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;

/**
 * The {@code config} subcommands a cog gives guild admins over the keys it registered: {@code show},
 * {@code set key value [channel]} and {@code reset key [channel]}. Values are parsed and checked
 * with {@link ConfigKey#parse}, so an admin gets the same message a panel or the CLI would; a
 * mention ({@code #channel}, {@code @role}, {@code @member}) is read as the id it names.
 *
 * <pre>{@code
 * context.storage().config().register(MULTIPLIER, IGNORED_CHANNELS);
 * context.commands().register(ConfigCommands.command("xp", "XP settings of this server", context.storage().config()));
 * // or, beside other admin subcommands of /xp:
 * SlashCommand.builder("xp", "XP administration").group(ConfigCommands.group(config)).subcommand(...)
 * }</pre>
 *
 * <p>Keys are looked up when the command runs, so keys registered later are offered too.
 */
public final class ConfigCommands {

  private static final Pattern MENTION = Pattern.compile("<(?:#|@&|@!?)(\\d+)>");

  private ConfigCommands() {}

  /**
   * A whole {@code /<name> config ...} command, guild-only, for members with Manage Server by
   * default (server admins may grant it to other roles in Discord's integration settings).
   *
   * @param name the command name, usually the plugin id
   * @param description the command's description
   * @param config the plugin's config store
   * @return the command
   */
  public static SlashCommand command(String name, String description, ConfigStore config) {
    return SlashCommand.builder(name, description)
        .group(group(config))
        .guildOnly()
        .defaultPermissions(Permission.MANAGE_SERVER)
        .build();
  }

  /**
   * The {@code config} subcommand group, to add to a cog's own admin command. The command it is
   * added to should be guild-only and restricted by default permissions.
   *
   * @param config the plugin's config store
   * @return the group
   */
  public static SubcommandGroup group(ConfigStore config) {
    AutocompleteHandler keyNames = call -> config.keys().stream()
        .map(ConfigKey::name)
        .filter(name -> name.contains(call.typed().toLowerCase(Locale.ROOT)))
        .sorted()
        .limit(25)
        .map(OptionChoice::of)
        .toList();
    CommandOption key = CommandOption.builder("key", OptionType.STRING, "The setting").required().autocomplete(keyNames).build();
    CommandOption channel = CommandOption.builder("channel", OptionType.CHANNEL, "Only in this channel (default: the whole server)")
        .build();
    SlashCommand show = SlashCommand.builder("show", "Shows this server's settings")
        .handler(call -> call.replyEphemeral(show(config, guild(call))))
        .build();
    SlashCommand set = SlashCommand.builder("set", "Changes a setting")
        .option(key)
        .option(CommandOption.builder("value", OptionType.STRING, "The new value").required().max(1000))
        .option(channel)
        .handler(call -> call.replyEphemeral(set(config, key(config, call), scope(call), call.string("value"))))
        .build();
    SlashCommand reset = SlashCommand.builder("reset", "Puts a setting back to its default")
        .option(key)
        .option(channel)
        .handler(call -> call.replyEphemeral(reset(config, key(config, call), scope(call))))
        .build();
    return SubcommandGroup.of("config", "This server's settings", show, set, reset);
  }

  private static long guild(CommandContext call) {
    return call.guildId().orElseThrow(() -> new CommandException("Settings belong to a server: use this command in one."));
  }

  private static ConfigScope scope(CommandContext call) {
    long guild = guild(call);
    return call.findId("channel").map(channel -> ConfigScope.channel(guild, channel)).orElse(ConfigScope.guild(guild));
  }

  private static ConfigKey<?> key(ConfigStore config, CommandContext call) {
    String name = call.string("key").trim();
    return config.keys().stream()
        .filter(k -> k.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new CommandException("There is no setting '" + name + "'. Known settings: "
            + config.keys().stream().map(ConfigKey::name).sorted().collect(Collectors.joining(", ")) + "."));
  }

  private static String show(ConfigStore config, long guild) {
    List<ConfigKey<?>> keys = config.keys().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    if (keys.isEmpty()) {
      return "This plugin has no settings.";
    }
    return keys.stream().map(k -> line(config, k, ConfigScope.guild(guild))).collect(Collectors.joining("\n"));
  }

  private static <T> String line(ConfigStore config, ConfigKey<T> key, ConfigScope scope) {
    Optional<T> set = config.find(key, scope);
    String value = key.type().encode(config.get(key, scope));
    String description = key.description().isEmpty() ? "" : " — " + key.description();
    return "**" + key.name() + "** = `" + value + "`" + (set.isPresent() ? "" : " (default)") + description;
  }

  private static <T> String set(ConfigStore config, ConfigKey<T> key, ConfigScope scope, String text) {
    T value;
    try {
      value = key.parse(MENTION.matcher(text).replaceAll("$1"));
    } catch (StorageInvalidException e) {
      throw new CommandException(e.getMessage());
    }
    String before = key.type().encode(config.get(key, scope));
    config.set(key, scope, value);
    return key.name() + " is now `" + key.type().encode(value) + "` " + where(scope) + " (was `" + before + "`).";
  }

  private static <T> String reset(ConfigStore config, ConfigKey<T> key, ConfigScope scope) {
    boolean cleared = config.clear(key, scope);
    String now = key.type().encode(config.get(key, scope));
    return cleared
        ? key.name() + " is back to `" + now + "` " + where(scope) + "."
        : key.name() + " was not set " + where(scope) + "; it is `" + now + "`.";
  }

  private static String where(ConfigScope scope) {
    return scope instanceof ConfigScope.Channel channel ? "in <#" + channel.channelId() + ">" : "in this server";
  }
}
