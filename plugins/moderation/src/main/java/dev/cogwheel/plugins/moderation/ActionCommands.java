package dev.cogwheel.plugins.moderation;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.PidDeriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import org.slf4j.Logger;

/**
 * {@code /warn}, {@code /timeout}, {@code /kick} and {@code /tempban}: an action is checked, done in
 * Discord and only then recorded as the guild's next case (a tempban with its unban timer), answered
 * and posted to the mod log. Without Discord (a direct invocation) only {@code /warn} works.
 */
final class ActionCommands {

  /** Discord's longest timeout. */
  private static final Duration MAX_TIMEOUT = Duration.ofDays(28);

  private static final String NO_REASON = "No reason given";

  private final PidDeriver pids;
  private final Logger log;
  private final ModerationSettings settings;
  private final CaseStore cases;
  private final Tempbans tempbans;
  private final MemberActions members;
  private final ModLog modLog;

  ActionCommands(PidDeriver pids, Logger log, ModerationSettings settings, CaseStore cases, Tempbans tempbans,
      MemberActions members, ModLog modLog) {
    this.pids = pids;
    this.log = log;
    this.settings = settings;
    this.cases = cases;
    this.tempbans = tempbans;
    this.members = members;
    this.modLog = modLog;
  }

  List<SlashCommand> commands() {
    CommandOption member = CommandOption.builder("member", OptionType.USER, "The member").required().build();
    CommandOption reason = CommandOption.builder("reason", OptionType.STRING, "Why (shown to the member and in the log)").max(400).build();
    CommandOption duration = CommandOption.builder("duration", OptionType.STRING, "How long: 10m, 2h, 7d ...").required().max(20).build();
    return List.of(
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
            .build());
  }

  /** Checks, acts in Discord (if there is an interaction), and records the case. */
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
    }
    Instant now = Instant.now();
    long number = cases.nextNumber(guildId);
    Pid target = pids.member(guildId, targetId);
    Instant expires = duration == null ? null : now.plus(duration);
    Case recorded = new Case(guildId, number, action, target, call.caller(), reason,
        duration == null ? null : duration.toSeconds(), now, expires, null);
    // The case is stored before anything happens in Discord, so no member is warned, timed out, kicked or
    // banned without a case; if Discord then refuses the action, the case is withdrawn.
    cases.insert(recorded);
    if (guild != null) {
      try {
        members.apply(guild, user, action, duration, reason);
      } catch (RuntimeException e) {
        cases.delete(guildId, number);
        throw e;
      }
    }
    if (action == Action.TEMPBAN) {
      // The ban lasts its full length from when Discord applied it, not from when the case was written.
      expires = Instant.now().plus(duration);
      recorded = recorded.expiringAt(expires);
      cases.update(recorded);
      tempbans.endPending(guildId, target, now, number);
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
}
