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
import dev.cogwheel.storage.Pid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.User;
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

  /** Discord's longest timeout. */
  private static final Duration MAX_TIMEOUT = Duration.ofDays(28);

  private static final String NO_REASON = "No reason given";

  private PluginContext context;
  private Logger log;
  private CaseStore cases;
  private ModLog modLog;
  private Tempbans tempbans;
  private MemberActions members;

  @Override
  public void start(PluginContext context) {
    this.context = context;
    this.log = context.logger();
    ModerationSettings settings = new ModerationSettings(context.storage().config());
    settings.register();
    cases = new CaseStore(context.storage());
    modLog = new ModLog(settings, log);
    tempbans = new Tempbans(context, cases, modLog);
    members = new MemberActions(settings, log);

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
            .handler(call -> act(call, Action.TIMEOUT, DurationText.read(call, MAX_TIMEOUT, "Discord's limit")))
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
                DurationText.read(call, settings.maxTempban(call.guildId().orElseThrow()), "this server's max_tempban")))
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
        ConfigCommands.command("moderation", "Moderation settings of this server", context.storage().config()))
        .forEach(context.commands()::register);
    context.storage().userData().register(new ModerationUserData(cases));
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
      members.check(interaction.get(), guild, action, user);
      call.defer(false);
      members.apply(guild, user, action, duration, reason);
    }
    Instant now = Instant.now();
    long number = cases.nextNumber(guildId);
    Pid target = context.pids().member(guildId, targetId);
    Instant expires = duration == null ? null : now.plus(duration);
    if (action == Action.TEMPBAN) {
      tempbans.endPending(guildId, target, now);
    }
    Case recorded = new Case(guildId, number, action, target, call.caller(), reason,
        duration == null ? null : duration.toSeconds(), now, expires, null);
    cases.insert(recorded);
    if (action == Action.TEMPBAN) {
      tempbans.schedule(recorded);
    }
    log.info("moderation.case action={} case={}", action.label(), number);
    String mention = "<@" + targetId + ">";
    String text = "Case #" + number + ": " + mention + " " + action.done + (duration == null ? "" : " for " + DurationText.describe(duration))
        + (expires == null || action != Action.TEMPBAN ? "" : " (until <t:" + expires.getEpochSecond() + ":f>)") + ". Reason: " + reason;
    if (guild != null) {
      call.followUp(text);
      modLog.post(guild, text + " — by <@" + call.userId() + ">");
    } else {
      call.reply(text);
    }
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
    String length = c.durationSeconds() == null ? "" : " " + DurationText.describe(Duration.ofSeconds(c.durationSeconds()));
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
        .ifPresent(guild -> modLog.post(guild, "Case #" + number + ": reason changed by <@" + call.userId() + "> to: " + reason));
  }
}
