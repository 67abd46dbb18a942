package dev.cogwheel.plugins.moderation;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.discord.Members;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.api.scheduler.Timers;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.config.ConfigType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.HierarchyException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import org.slf4j.Logger;

/**
 * Moderation: {@code /warn}, {@code /timeout}, {@code /kick} and {@code /tempban} act through JDA
 * and record a numbered case per guild (member and moderator by Pid); {@code /cases} lists a
 * member's cases and {@code /case reason} corrects one. A tempban's unban is a durable timer, so it
 * happens on time even across a restart; at that time the banned user is found by matching Pids
 * against the guild's ban list, as the cog never stores a Discord user id.
 */
public final class ModerationCog implements Cog {

  /** The channel where every action is logged; 0 for none. */
  static final ConfigKey<Long> LOG_CHANNEL = ConfigKey.builder("log_channel", ConfigType.LONG)
      .defaultValue(0L)
      .description("Channel for the moderation log (a #channel); 0 for none")
      .rule(id -> id >= 0, "a channel id, or 0 for none")
      .build();

  /** Whether the member gets a direct message telling them what was done and why. */
  static final ConfigKey<Boolean> DM_MEMBERS = ConfigKey.builder("dm_members", ConfigType.BOOLEAN)
      .defaultValue(true)
      .description("Send the member a direct message with the action and the reason")
      .build();

  /** The longest tempban a moderator may give. */
  static final ConfigKey<Duration> MAX_TEMPBAN = ConfigKey.builder("max_tempban", ConfigType.DURATION)
      .defaultValue(Duration.ofDays(365))
      .description("The longest /tempban allowed")
      .rule(new ConfigRule<>(d -> d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(3650)) <= 0,
          "between 1 minute and 3650 days"))
      .build();

  /** Discord's longest timeout. */
  static final Duration MAX_TIMEOUT = Duration.ofDays(28);

  private static final String NO_REASON = "No reason given";

  private PluginContext context;
  private ConfigStore config;
  private Logger log;
  private CaseStore cases;
  private Timers unbans;

  @Override
  public void start(PluginContext context) {
    this.context = context;
    this.config = context.storage().config();
    this.log = context.logger();
    config.register(LOG_CHANNEL, DM_MEMBERS, MAX_TEMPBAN);
    cases = new CaseStore(context.storage());
    unbans = Timers.open(context, "unban", timer -> endTempban(timer.payload()));

    CommandOption member = CommandOption.builder("member", OptionType.USER, "The member").required().build();
    CommandOption reason = CommandOption.builder("reason", OptionType.STRING, "Why (shown to the member and in the log)").max(400).build();
    CommandOption duration = CommandOption.builder("duration", OptionType.STRING, "How long: 10m, 2h, 7d ...").required().max(20).build();
    List.of(
        SlashCommand.builder("warn", "Warns a member and records it")
            .option(member)
            .option(CommandOption.builder("reason", OptionType.STRING, "Why (shown to the member and in the log)").required().max(400))
            .guildOnly().defaultPermissions(Permission.MODERATE_MEMBERS)
            .handler(call -> act(call, Action.WARN, null))
            .build(),
        SlashCommand.builder("timeout", "Times a member out (they cannot talk) for a while")
            .option(member).option(duration).option(reason)
            .guildOnly().defaultPermissions(Permission.MODERATE_MEMBERS)
            .handler(call -> act(call, Action.TIMEOUT, duration(call, MAX_TIMEOUT, "Discord's limit")))
            .build(),
        SlashCommand.builder("kick", "Kicks a member out of the server")
            .option(member).option(reason)
            .guildOnly().defaultPermissions(Permission.KICK_MEMBERS)
            .handler(call -> act(call, Action.KICK, null))
            .build(),
        SlashCommand.builder("tempban", "Bans a member for a while; they are unbanned when it ends")
            .option(member).option(duration).option(reason)
            .guildOnly().defaultPermissions(Permission.BAN_MEMBERS)
            .handler(call -> act(call, Action.TEMPBAN,
                duration(call, config.get(MAX_TEMPBAN, ConfigScope.guild(call.guildId().orElseThrow())), "this server's max_tempban")))
            .build(),
        SlashCommand.builder("cases", "Lists a member's moderation cases")
            .option(member)
            .guildOnly().defaultPermissions(Permission.MODERATE_MEMBERS)
            .handler(this::listCases)
            .build(),
        SlashCommand.builder("case", "Moderation case records")
            .subcommand(SlashCommand.builder("reason", "Changes the reason of a case")
                .option(CommandOption.builder("number", OptionType.INTEGER, "The case number").required().min(1))
                .option(CommandOption.builder("reason", OptionType.STRING, "The new reason").required().max(400))
                .handler(this::editReason)
                .build())
            .guildOnly().defaultPermissions(Permission.MODERATE_MEMBERS)
            .build(),
        ConfigCommands.command("moderation", "Moderation settings of this server", config)).forEach(context.commands()::register);

    context.storage().userData().register(new ModerationUserData(cases));
  }

  /** Reads and checks the duration option: a number and a unit (10m, 2h, 7d) up to a limit. */
  static Duration duration(CommandContext call, Duration max, String limitName) {
    String text = call.string("duration").trim();
    Duration parsed;
    try {
      parsed = ConfigType.DURATION.decode(text);
    } catch (StorageInvalidException e) {
      throw new CommandException("Duration '" + text + "' is not valid: give a number and a unit, like 30s, 10m, 2h or 7d.");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new CommandException("Duration '" + text + "' must be longer than zero, like 10m, 2h or 7d.");
    }
    if (parsed.compareTo(max) > 0) {
      throw new CommandException("Duration '" + text + "' is longer than " + limitName + " of " + describe(max) + ".");
    }
    return parsed;
  }

  /** A duration as people write it: 7d, 2h, 90m, 45s (the largest unit that divides it). */
  static String describe(Duration d) {
    long seconds = d.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private void act(CommandContext call, Action action, Duration duration) {
    long guildId = call.guildId().orElseThrow();
    long targetId = call.id("member");
    String reason = call.findString("reason").map(String::trim).filter(r -> !r.isEmpty()).orElse(NO_REASON);
    if (targetId == call.userId()) {
      throw new CommandException("You cannot " + action.verb + " yourself.");
    }
    Optional<SlashCommandInteraction> interaction = call.interaction();
    if (interaction.isEmpty() && action != Action.WARN) {
      throw new CommandException("/" + call.commandPath() + " acts on Discord: use it in a server, not through a direct invocation.");
    }
    Guild guild = interaction.map(SlashCommandInteraction::getGuild).orElse(null);
    User user = interaction.map(i -> i.getOption("member", OptionMapping::getAsUser)).orElse(null);
    if (guild != null) {
      check(interaction.get(), guild, action, user);
      call.defer(false);
      boolean dm = config.get(DM_MEMBERS, ConfigScope.guild(guildId));
      String notice = "You were " + action.done + (duration == null ? "" : " for " + describe(duration)) + " in **"
          + guild.getName() + "**. Reason: " + reason;
      // After a kick or ban the bot may share no server with the user any more, so those are told first.
      boolean leaves = action == Action.KICK || action == Action.TEMPBAN;
      if (dm && leaves) {
        directMessage(user, notice);
      }
      perform(guild, user, action, duration, reason);
      if (dm && !leaves) {
        directMessage(user, notice);
      }
    }
    Instant now = Instant.now();
    long number = cases.nextNumber(guildId);
    Pid target = context.pids().member(guildId, targetId);
    Instant expires = duration == null ? null : now.plus(duration);
    if (action == Action.TEMPBAN) {
      replacePendingTempbans(guildId, target, now);
    }
    cases.insert(new Case(guildId, number, action, target, call.caller(), reason,
        duration == null ? null : duration.toSeconds(), now, expires, null));
    if (action == Action.TEMPBAN) {
      unbans.schedule(timerId(guildId, number), expires, guildId + ":" + number + ":" + target);
    }
    log.info("moderation.case action={} case={}", action.label(), number);
    String mention = "<@" + targetId + ">";
    String text = "Case #" + number + ": " + mention + " " + action.done + (duration == null ? "" : " for " + describe(duration))
        + (expires == null || action != Action.TEMPBAN ? "" : " (until <t:" + expires.getEpochSecond() + ":f>)") + ". Reason: " + reason;
    if (guild != null) {
      call.followUp(text);
      modLog(guild, text + " — by <@" + call.userId() + ">");
    } else {
      call.reply(text);
    }
  }

  private static String timerId(long guildId, long number) {
    return guildId + "-" + number;
  }

  /** A new tempban of the same member replaces a pending one: the earlier unban must not end the new ban. */
  private void replacePendingTempbans(long guildId, Pid target, Instant now) {
    for (Case open : cases.openTempbansOf(guildId, target)) {
      unbans.cancel(timerId(guildId, open.number()));
      cases.update(open.ended(now));
    }
  }

  private void check(SlashCommandInteraction interaction, Guild guild, Action action, User user) {
    if (user.getIdLong() == guild.getSelfMember().getIdLong()) {
      throw new CommandException("I will not " + action.verb + " myself.");
    }
    Member target = interaction.getOption("member", OptionMapping::getAsMember);
    if (target == null && action != Action.TEMPBAN) {
      throw new CommandException(user.getName() + " is not a member of this server.");
    }
    if (target != null && !interaction.getMember().canInteract(target)) {
      throw new CommandException("You cannot " + action.verb + " " + user.getName() + ": their highest role is not below yours.");
    }
    if (target != null && action != Action.WARN && !guild.getSelfMember().canInteract(target)) {
      throw new CommandException("I cannot " + action.verb + " " + user.getName() + ": their highest role is not below mine."
          + " Move my role above theirs in the server settings.");
    }
  }

  private void perform(Guild guild, User user, Action action, Duration duration, String reason) {
    String audit = reason.length() > 400 ? reason.substring(0, 400) : reason;
    try {
      switch (action) {
        case WARN -> { }
        case TIMEOUT -> guild.timeoutFor(user, duration).reason(audit).complete();
        case KICK -> guild.kick(user).reason(audit).complete();
        case TEMPBAN -> guild.ban(user, 0, TimeUnit.SECONDS).reason(audit).complete();
      }
    } catch (InsufficientPermissionException e) {
      throw new CommandException("I cannot " + action.verb + " " + user.getName() + ": I need the " + e.getPermission().getName()
          + " permission. Give my role that permission.");
    } catch (HierarchyException e) {
      throw new CommandException("I cannot " + action.verb + " " + user.getName() + ": their highest role is not below mine.");
    } catch (ErrorResponseException e) {
      throw new CommandException("Discord refused to " + action.verb + " " + user.getName() + ": " + e.getMeaning());
    }
  }

  private void directMessage(User user, String text) {
    try {
      user.openPrivateChannel().flatMap(dm -> dm.sendMessage(text)).complete();
    } catch (RuntimeException e) {
      log.info("moderation.dm_failed error={}", e.getClass().getSimpleName());
    }
  }

  private void modLog(Guild guild, String text) {
    long channelId = config.get(LOG_CHANNEL, ConfigScope.guild(guild.getIdLong()));
    if (channelId == 0) {
      return;
    }
    TextChannel channel = guild.getTextChannelById(channelId);
    if (channel == null) {
      log.warn("moderation.log_failed reason=log_channel_not_a_text_channel");
      return;
    }
    try {
      channel.sendMessage(text).setAllowedMentions(List.of()).complete();
    } catch (RuntimeException e) {
      log.warn("moderation.log_failed error={}", e.getClass().getSimpleName());
    }
  }

  /** The timer of a tempban fired: unban the member with that Pid and close the case. Idempotent. */
  private void endTempban(String payload) throws Exception {
    String[] parts = payload.split(":");
    long guildId = Long.parseLong(parts[0]);
    long number = Long.parseLong(parts[1]);
    Pid target = new Pid(parts[2]);
    Guild guild = guild(guildId);
    Optional<User> banned = bannedUser(guild, target);
    // The case is closed first: a retry after a failed unban finds the user still banned and unbans again.
    cases.end(guildId, number, Instant.now());
    if (banned.isPresent()) {
      guild.unban(banned.get()).reason("Tempban (case #" + number + ") ended").complete();
      modLog(guild, "Case #" + number + ": the tempban of <@" + banned.get().getId() + "> ended; they are unbanned.");
    }
    log.info("moderation.tempban_ended case={} was_banned={}", number, banned.isPresent());
  }

  /** The banned user with a Pid, read page by page from the guild's ban list. */
  private Optional<User> bannedUser(Guild guild, Pid target) throws Exception {
    AtomicReference<User> found = new AtomicReference<>();
    guild.retrieveBanList().forEachAsync(ban -> {
      if (context.pids().member(guild.getIdLong(), ban.getUser().getIdLong()).equals(target)) {
        found.set(ban.getUser());
        return false;
      }
      return true;
    }).get(1, TimeUnit.MINUTES);
    return Optional.ofNullable(found.get());
  }

  private void listCases(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    long targetId = call.id("member");
    Pid target = context.pids().member(guildId, targetId);
    List<Case> found = cases.latestOf(guildId, target, 25);
    if (found.isEmpty()) {
      call.replyEphemeral("<@" + targetId + "> has no moderation cases.");
      return;
    }
    Map<Pid, String> moderators = moderatorMentions(call, found);
    long total = cases.countOf(guildId, target);
    String lines = found.stream().map(c -> line(c, moderators)).collect(Collectors.joining("\n"));
    call.replyEphemeral("Cases of <@" + targetId + "> (" + total + "):\n" + lines
        + (total > found.size() ? "\n… and " + (total - found.size()) + " older." : ""));
  }

  private Map<Pid, String> moderatorMentions(CommandContext call, List<Case> found) {
    Optional<Guild> guild = call.interaction().map(SlashCommandInteraction::getGuild);
    if (guild.isEmpty()) {
      return Map.of();
    }
    List<Pid> pids = found.stream().map(Case::moderator).filter(p -> p != null).distinct().toList();
    try {
      return Members.resolve(guild.get(), pids, context.pids()).get(5, TimeUnit.SECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getAsMention()));
    } catch (Exception e) {
      log.info("moderation.resolve_failed error={}", e.getClass().getSimpleName());
      return Map.of();
    }
  }

  private static String line(Case c, Map<Pid, String> moderators) {
    String by = c.moderator() == null ? "a forgotten moderator" : moderators.getOrDefault(c.moderator(), "a moderator");
    String length = c.durationSeconds() == null ? "" : " " + describe(Duration.ofSeconds(c.durationSeconds()));
    String state = c.action() == Action.TEMPBAN && c.endedAt() == null ? " (active until <t:" + c.expiresAt().getEpochSecond() + ":f>)" : "";
    return "**#" + c.number() + "** " + c.action().label() + length + state + " by " + by + " <t:" + c.createdAt().getEpochSecond()
        + ":d> — " + c.reason();
  }

  private void editReason(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    long number = call.integer("number");
    String reason = call.string("reason").trim();
    if (reason.isEmpty()) {
      throw new CommandException("The reason cannot be empty: say why the action was taken.");
    }
    Case found = cases.find(guildId, number).orElseThrow(() -> new CommandException(
        "There is no case #" + number + " in this server. /cases <member> lists a member's cases."));
    cases.update(found.withReason(reason));
    log.info("moderation.reason_changed case={}", number);
    call.replyEphemeral("Case #" + number + " now has the reason: " + reason + " (was: " + found.reason() + ")");
    call.interaction().map(SlashCommandInteraction::getGuild)
        .ifPresent(guild -> modLog(guild, "Case #" + number + ": reason changed by <@" + call.userId() + "> to: " + reason));
  }

  /**
   * A guild of the bot, waiting up to a minute for the bot to be connected: a timer that came due
   * while the bot was down fires when the plugin starts, before the bot has logged in.
   */
  private Guild guild(long guildId) throws Exception {
    Guild guild = context.discord().get(1, TimeUnit.MINUTES).getGuildById(guildId);
    if (guild == null) {
      throw new IllegalStateException("the bot is not in the guild, or its shard is not connected");
    }
    return guild;
  }
}
