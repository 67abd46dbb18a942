package dev.cogwheel.plugins.greeter;

import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.util.List;
import java.util.Map;

/**
 * The example cog of docs/plugin-guide.md: {@code /greet [name]} answers with the guild's greeting
 * and counts, per member, how often they were greeted; admins change the greeting with
 * {@code /greeter config set greeting <text>}.
 */
public final class GreeterCog implements Cog {

  /** What /greet says before the name; guild admins change it per guild. */
  static final ConfigKey<String> GREETING = ConfigKey.builder("greeting", ConfigType.STRING)
      .defaultValue("Hello")
      .description("What /greet says before the name")
      .rule(ConfigRule.maxLength(50))
      .build();

  /** A row of greeter_greeted: members are stored by Pid, never by their Discord id. */
  record Greeted(long guildId, Pid pid, long times) {}

  @Override
  public void start(PluginContext context) {
    context.storage().config().register(GREETING);
    Table<Greeted> greeted = context.storage().table("greeter_greeted", Greeted.class);

    context.commands().register(SlashCommand.builder("greet", "Greets you, or someone you name")
        .option(CommandOption.builder("name", OptionType.STRING, "Who to greet").max(32))
        .guildOnly()
        .handler(call -> {
          long guild = call.guildId().orElseThrow();
          long times = greeted.increment(Key.of(guild, call.caller()), "times", 1);
          String greeting = context.storage().config().get(GREETING, ConfigScope.guild(guild));
          call.reply(greeting + ", " + call.findString("name").orElse("friend") + "! (greeting number " + times + ")");
        })
        .build());
    context.commands().register(ConfigCommands.command("greeter", "Greeter settings of this server", context.storage().config()));

    context.storage().userData().register(new UserDataHook() {
      @Override
      public List<UserDataRecord> export(Pid pid) {
        return greeted.query(Query.where("pid", pid)).stream()
            .map(row -> new UserDataRecord("greeter_greeted", Map.of(
                "guild_id", Long.toString(row.guildId()), "times", Long.toString(row.times()))))
            .toList();
      }

      @Override
      public int delete(Pid pid) {
        return greeted.deleteWhere(Query.where("pid", pid));
      }
    });
  }
}
