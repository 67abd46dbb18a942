package dev.cogwheel.plugins.moderation;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.discord.Members;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.PidDeriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import org.slf4j.Logger;

/**
 * {@code /cases} and {@code /case reason}: a member's latest cases (ephemeral), with their moderators
 * mentioned when Discord can tell who they are, and changing the reason of a case.
 */
final class CaseCommands {

  /** How many cases {@code /cases} lists. */
  private static final int LISTED = 25;

  private final PidDeriver pids;
  private final Logger log;
  private final CaseStore cases;
  private final ModLog modLog;

  CaseCommands(PidDeriver pids, Logger log, CaseStore cases, ModLog modLog) {
    this.pids = pids;
    this.log = log;
    this.cases = cases;
    this.modLog = modLog;
  }

  List<SlashCommand> commands() {
    return List.of(
        SlashCommand.builder("cases", "Lists a member's moderation cases")
            .option(CommandOption.builder("member", OptionType.USER, "The member").required())
            .guildOnly().defaultPermissions(Permission.MODERATE_MEMBERS)
            .handler(this::list)
            .build(),
        SlashCommand.builder("case", "Moderation case records")
            .subcommand(SlashCommand.builder("reason", "Changes the reason of a case")
                .option(CommandOption.builder("number", OptionType.INTEGER, "The case number").required().min(1))
                .option(CommandOption.builder("reason", OptionType.STRING, "The new reason").required().max(400))
                .handler(this::editReason)
                .build())
            .guildOnly().defaultPermissions(Permission.MODERATE_MEMBERS)
            .build());
  }

  private void list(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    long targetId = call.id("member");
    Pid target = pids.member(guildId, targetId);
    List<Case> found = cases.latestOf(guildId, target, LISTED);
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
    List<Pid> moderators = found.stream().map(Case::moderator).filter(p -> p != null).distinct().toList();
    try {
      return Members.resolve(guild.get(), moderators, pids).get(5, TimeUnit.SECONDS).entrySet().stream()
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
