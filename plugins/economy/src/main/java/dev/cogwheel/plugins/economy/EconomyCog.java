package dev.cogwheel.plugins.economy;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.plugins.economy.Ledger.DailyNotDue;
import dev.cogwheel.plugins.economy.Ledger.InsufficientFunds;
import dev.cogwheel.plugins.economy.Ledger.Kind;
import dev.cogwheel.plugins.economy.Ledger.Moved;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * A server currency (the seeds' banking, on the storage SPI instead of direct database sessions):
 * {@code /balance}, {@code /pay}, {@code /daily}, and for admins {@code /economy grant|fine|config}.
 * Every change of a balance is one transaction with its audit row ({@link Ledger}).
 */
public final class EconomyCog implements Cog {

  static final ConfigKey<String> CURRENCY = ConfigKey.builder("currency", ConfigType.STRING)
      .defaultValue("coins")
      .description("What the currency is called, as in \"120 coins\"")
      .rule(ConfigRule.maxLength(32))
      .rule(text -> !text.isBlank(), "not blank")
      .build();

  static final ConfigKey<Long> DAILY_AMOUNT = ConfigKey.builder("daily_amount", ConfigType.LONG)
      .defaultValue(100L)
      .description("What /daily gives")
      .rule(ConfigRule.between(1L, 1_000_000L))
      .build();

  static final ConfigKey<Duration> DAILY_COOLDOWN = ConfigKey.builder("daily_cooldown", ConfigType.DURATION)
      .defaultValue(Duration.ofDays(1))
      .description("How long after a /daily the next one is due")
      .rule(d -> d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(7)) <= 0, "between 1m and 7d")
      .build();

  /** The largest amount one payment, grant or fine moves. */
  static final long MAX_AMOUNT = 1_000_000_000L;

  private PluginContext context;
  private ConfigStore config;
  private Ledger ledger;

  @Override
  public void start(PluginContext context) {
    this.context = context;
    this.config = context.storage().config();
    this.ledger = new Ledger(context.storage());
    config.register(CURRENCY, DAILY_AMOUNT, DAILY_COOLDOWN);

    context.commands().register(SlashCommand.builder("balance", "Your balance here, or a member's")
        .option(CommandOption.builder("member", OptionType.USER, "Whose balance to show"))
        .guildOnly()
        .handler(this::balance)
        .build());
    context.commands().register(SlashCommand.builder("pay", "Pays a member from your balance")
        .option(member("Who to pay"))
        .option(amount("How much to pay"))
        .option(CommandOption.builder("note", OptionType.STRING, "What it is for").max(200))
        .guildOnly()
        .handler(this::pay)
        .build());
    context.commands().register(SlashCommand.builder("daily", "Takes your daily amount")
        .guildOnly()
        .handler(this::daily)
        .build());
    context.commands().register(SlashCommand.builder("economy", "Economy administration of this server")
        .subcommand(SlashCommand.builder("grant", "Adds to a member's balance")
            .option(member("Who gets it")).option(amount("How much")).option(reason())
            .handler(call -> adjust(call, Kind.GRANT))
            .build())
        .subcommand(SlashCommand.builder("fine", "Takes from a member's balance")
            .option(member("Who is fined")).option(amount("How much")).option(reason())
            .handler(call -> adjust(call, Kind.FINE))
            .build())
        .group(ConfigCommands.group(config))
        .guildOnly()
        .defaultPermissions(Permission.MANAGE_SERVER)
        .build());

    context.storage().userData().register(new UserDataHook() {
      @Override
      public List<UserDataRecord> export(Pid pid) {
        return ledger.export(pid);
      }

      @Override
      public int delete(Pid pid) {
        return ledger.forget(pid);
      }
    });
  }

  private static CommandOption.Builder member(String description) {
    return CommandOption.builder("member", OptionType.USER, description).required();
  }

  private static CommandOption.Builder amount(String description) {
    return CommandOption.builder("amount", OptionType.INTEGER, description).required().range(1, MAX_AMOUNT);
  }

  private static CommandOption.Builder reason() {
    return CommandOption.builder("reason", OptionType.STRING, "Why, for the audit").max(200);
  }

  private void balance(CommandContext call) {
    long guild = call.guildId().orElseThrow();
    String currency = config.get(CURRENCY, ConfigScope.guild(guild));
    if (call.findId("member").isEmpty()) {
      call.reply("You have " + ledger.balance(guild, call.caller()) + " " + currency + ".");
      return;
    }
    long target = call.id("member");
    call.reply("**" + name(call, target) + "** has " + ledger.balance(guild, context.pids().member(guild, target)) + " "
        + currency + ".");
  }

  private void pay(CommandContext call) {
    long guild = call.guildId().orElseThrow();
    long target = otherMember(call, "You cannot pay yourself: name another member.");
    long amount = call.integer("amount");
    String currency = config.get(CURRENCY, ConfigScope.guild(guild));
    Moved moved;
    try {
      moved = ledger.move(guild, Kind.PAY, call.caller(), context.pids().member(guild, target), call.caller(), amount,
          call.findString("note").orElse(null));
    } catch (InsufficientFunds e) {
      throw new CommandException("You have only " + e.balance() + " " + currency + "; you cannot pay " + amount + ".");
    }
    call.reply("You paid **" + name(call, target) + "** " + amount + " " + currency + ". You have " + moved.from() + " "
        + currency + " left.");
  }

  private void daily(CommandContext call) {
    long guild = call.guildId().orElseThrow();
    ConfigScope scope = ConfigScope.guild(guild);
    String currency = config.get(CURRENCY, scope);
    long amount = config.get(DAILY_AMOUNT, scope);
    Duration cooldown = config.get(DAILY_COOLDOWN, scope);
    long balance;
    try {
      balance = ledger.daily(guild, call.caller(), amount, cooldown, Instant.now());
    } catch (DailyNotDue e) {
      throw new CommandException("You already took your daily; the next one is due in " + human(e.left()) + ".");
    }
    call.reply("You got your daily " + amount + " " + currency + ". You have " + balance + " " + currency
        + "; the next daily is due in " + human(cooldown) + ".");
  }

  private void adjust(CommandContext call, Kind kind) {
    long guild = call.guildId().orElseThrow();
    long target = otherMember(call, "Admins cannot " + (kind == Kind.GRANT ? "grant to" : "fine") + " themselves: ask another admin.");
    Pid pid = context.pids().member(guild, target);
    long amount = call.integer("amount");
    String reason = call.findString("reason").orElse(null);
    String currency = config.get(CURRENCY, ConfigScope.guild(guild));
    String who = "**" + name(call, target) + "**";
    if (kind == Kind.GRANT) {
      long now = ledger.move(guild, kind, null, pid, call.caller(), amount, reason).to();
      call.reply("Granted " + who + " " + amount + " " + currency + "; they have " + now + " " + currency + ".");
      return;
    }
    try {
      long now = ledger.move(guild, kind, pid, null, call.caller(), amount, reason).from();
      call.reply("Fined " + who + " " + amount + " " + currency + "; they have " + now + " " + currency + " left.");
    } catch (InsufficientFunds e) {
      throw new CommandException(who + " has only " + e.balance() + " " + currency + "; fine at most " + e.balance() + ".");
    }
  }

  /** The member option's user id, refused when it is the caller, a bot or not a member. */
  private static long otherMember(CommandContext call, String whenSelf) {
    long target = call.id("member");
    if (target == call.userId()) {
      throw new CommandException(whenSelf);
    }
    OptionMapping option = call.interaction().map(i -> i.getOption("member")).orElse(null);
    if (option != null && option.getAsUser().isBot()) {
      throw new CommandException("Bots have no balance: name a member.");
    }
    if (option != null && option.getAsMember() == null) {
      throw new CommandException(option.getAsUser().getName() + " is not a member of this server: name a member.");
    }
    return target;
  }

  /** A member's name as the interaction resolved it, or a mention when there is no interaction. */
  private static String name(CommandContext call, long userId) {
    return call.interaction().map(i -> i.getOption("member")).map(OptionMapping::getAsMember)
        .map(Member::getEffectiveName).orElse("<@" + userId + ">");
  }

  /** {@code 1d 2h}, {@code 3h 12m}, {@code 5m}, {@code 40s}: the two largest units. */
  static String human(Duration duration) {
    long seconds = Math.max(1, duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < sizes.length && shown < 2; i++) {
      long count = seconds / sizes[i];
      seconds %= sizes[i];
      if (count > 0) {
        text.append(text.length() == 0 ? "" : " ").append(count).append(units[i]);
        shown++;
      } else if (shown > 0) {
        break;
      }
    }
    return text.toString();
  }
}
