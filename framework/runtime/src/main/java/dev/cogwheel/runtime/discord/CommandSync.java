package dev.cogwheel.runtime.discord;

import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionChoice;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.command.SubcommandGroup;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Discord's commands equal to the host's: compares what Discord has (globally, or per guild)
 * with the commands of the host and its started plugins, and pushes the whole set only when they
 * differ, so a reload that changed nothing costs one read and no write.
 *
 * <p>Both sides are compared in JDA's own serialized form ({@link CommandData#fromCommand} for what
 * Discord returned), so fields Discord adds (ids, versions) do not count as a difference.
 *
 * <p>Thread-safe: one sync runs at a time.
 */
public final class CommandSync {

  private static final Logger log = LoggerFactory.getLogger(CommandSync.class);

  /** Where commands are registered. */
  public enum Scope {
    /** Application-wide commands: one registration for every guild (Discord may take a while to show changes). */
    GLOBAL,
    /** Per-guild commands: each guild gets its own copy at once. */
    GUILD
  }

  /** What one sync did. */
  public record Result(int compared, int pushed) {}

  private final Supplier<List<SlashCommand>> commands;
  private final Scope scope;

  /**
   * Creates the sync.
   *
   * @param commands the commands Discord should have, read at every sync
   * @param scope global or per guild
   */
  public CommandSync(Supplier<List<SlashCommand>> commands, Scope scope) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /**
   * Syncs one JDA session (one shard): its guilds in GUILD scope; the application's commands in
   * GLOBAL scope (do that from one shard only).
   *
   * @param jda the session
   * @param force push even when nothing differs ({@code /sync})
   * @return how many command sets were compared and how many were pushed
   */
  public synchronized Result sync(JDA jda, boolean force) {
    List<CommandData> wanted = commands.get().stream().<CommandData>map(CommandSync::toData).toList();
    if (scope == Scope.GLOBAL) {
      List<Command> current = jda.retrieveCommands().complete();
      if (force || !same(wanted, current)) {
        jda.updateCommands().addCommands(wanted).complete();
        log.info("commands.synced scope=global count={}", wanted.size());
        return new Result(1, 1);
      }
      return new Result(1, 0);
    }
    int pushed = 0;
    for (Guild guild : jda.getGuilds()) {
      List<Command> current = guild.retrieveCommands().complete();
      if (force || !same(wanted, current)) {
        guild.updateCommands().addCommands(wanted).complete();
        pushed++;
      }
    }
    if (pushed > 0) {
      log.info("commands.synced scope=guild guilds={} count={}", pushed, wanted.size());
    }
    return new Result(jda.getGuilds().size(), pushed);
  }

  /**
   * Syncs the commands of one guild the bot just joined (GUILD scope only).
   *
   * @param guild the guild
   */
  public synchronized void sync(Guild guild) {
    if (scope != Scope.GUILD) {
      return;
    }
    List<CommandData> wanted = commands.get().stream().<CommandData>map(CommandSync::toData).toList();
    if (!same(wanted, guild.retrieveCommands().complete())) {
      guild.updateCommands().addCommands(wanted).complete();
    }
  }

  static boolean same(List<CommandData> wanted, List<Command> current) {
    return canonical(wanted).equals(canonical(current.stream().map(CommandData::fromCommand).toList()));
  }

  private static Map<String, String> canonical(List<CommandData> commands) {
    Map<String, String> byName = new TreeMap<>();
    for (CommandData command : commands) {
      byName.put(command.getName(), sorted(command.toData()).toString());
    }
    return byName;
  }

  /** A JSON form with keys in order and empty values dropped, so two equal commands print the same. */
  private static Object sorted(Object value) {
    if (value instanceof DataObject object) {
      return sorted(object.toMap());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> keys = new TreeMap<>();
      map.forEach((key, child) -> {
        Object normal = sorted(child);
        if (normal != null && !(normal instanceof List<?> list && list.isEmpty())
            && !(normal instanceof Map<?, ?> m && m.isEmpty())) {
          keys.put(String.valueOf(key), normal);
        }
      });
      return keys;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(CommandSync::sorted).toList();
    }
    return value == null ? null : String.valueOf(value);
  }

  /**
   * Converts a command of the SDK to JDA's form.
   *
   * @param command the command
   * @return JDA's command data
   */
  public static SlashCommandData toData(SlashCommand command) {
    SlashCommandData data = Commands.slash(command.name(), command.description());
    command.options().forEach(o -> data.addOptions(option(o)));
    command.subcommands().forEach(s -> data.addSubcommands(subcommand(s)));
    for (SubcommandGroup group : command.groups()) {
      data.addSubcommandGroups(new SubcommandGroupData(group.name(), group.description())
          .addSubcommands(group.subcommands().stream().map(CommandSync::subcommand).toList()));
    }
    data.setDefaultPermissions(command.defaultPermissions().isEmpty()
        ? DefaultMemberPermissions.ENABLED : DefaultMemberPermissions.enabledFor(command.defaultPermissions()));
    if (command.guildOnly()) {
      data.setContexts(InteractionContextType.GUILD);
    }
    return data;
  }

  private static SubcommandData subcommand(SlashCommand sub) {
    SubcommandData data = new SubcommandData(sub.name(), sub.description());
    sub.options().forEach(o -> data.addOptions(option(o)));
    return data;
  }

  private static OptionData option(CommandOption option) {
    OptionType type = switch (option.type()) {
      case STRING -> OptionType.STRING;
      case INTEGER -> OptionType.INTEGER;
      case NUMBER -> OptionType.NUMBER;
      case BOOLEAN -> OptionType.BOOLEAN;
      case USER -> OptionType.USER;
      case CHANNEL -> OptionType.CHANNEL;
      case ROLE -> OptionType.ROLE;
    };
    OptionData data = new OptionData(type, option.name(), option.description(), option.required(), option.autocomplete().isPresent());
    for (OptionChoice choice : option.choices()) {
      if (choice.value() instanceof String text) {
        data.addChoice(choice.name(), text);
      } else if (choice.value() instanceof Long number) {
        data.addChoice(choice.name(), number);
      } else {
        data.addChoice(choice.name(), (Double) choice.value());
      }
    }
    switch (option.type()) {
      case STRING -> {
        option.min().ifPresent(min -> data.setMinLength(min.intValue()));
        option.max().ifPresent(max -> data.setMaxLength(max.intValue()));
      }
      case INTEGER -> {
        option.min().ifPresent(min -> data.setMinValue(min.longValue()));
        option.max().ifPresent(max -> data.setMaxValue(max.longValue()));
      }
      case NUMBER -> {
        option.min().ifPresent(data::setMinValue);
        option.max().ifPresent(data::setMaxValue);
      }
      default -> { }
    }
    return data;
  }
}
