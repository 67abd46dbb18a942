package dev.cogwheel.plugins.moderation;

import dev.cogwheel.api.command.CommandException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.HierarchyException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import org.slf4j.Logger;

/**
 * What an action does to the member in Discord: it is refused when the role hierarchy does not allow
 * it, the member is told by a direct message if the guild wants that, and the timeout, kick or ban is
 * done through JDA, with Discord's refusals turned into messages that say what to fix.
 */
final class MemberActions {

  private final ModerationSettings settings;
  private final Logger log;

  MemberActions(ModerationSettings settings, Logger log) {
    this.settings = settings;
    this.log = log;
  }

  /**
   * Refuses, before anything is done, acting on the bot, on someone who is not a member (but for a
   * tempban), or on a member whose highest role is not below the moderator's (or, but for a warning,
   * the bot's).
   *
   * @throws CommandException saying why
   */
  void check(SlashCommandInteraction interaction, Guild guild, Action action, User user) {
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

  /**
   * Does the action and tells the user, if the guild's {@code dm_members} is on.
   *
   * @param duration how long, for a timeout or tempban; null otherwise
   * @throws CommandException if Discord refused the action
   */
  void apply(Guild guild, User user, Action action, Duration duration, String reason) {
    boolean dm = settings.dmMembers(guild.getIdLong());
    String notice = "You were " + action.done + (duration == null ? "" : " for " + DurationText.describe(duration)) + " in **"
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
}
