package dev.cogwheel.plugins.moderation;

import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.api.timer.Timers;
import dev.cogwheel.storage.Pid;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.User;

/**
 * The unbans of tempbans, as durable timers {@code timers/unban/<guild>-<case>} with the payload
 * {@code guild:case:target Pid}. A new tempban of a member ends their pending one; when a timer is due
 * the user whose Pid is the case's target is found in the guild's ban list and unbanned, as the cog
 * never stores a Discord user id, and the case is closed.
 */
final class Tempbans {

  private final CaseStore cases;
  private final Timers unbans;

  /** Opens the unban timers and arms every pending one; one that came due while the bot was down fires at once. */
  Tempbans(PluginContext context, CaseStore cases, ModLog modLog) {
    this.cases = cases;
    this.unbans = Timers.open(context, "unban", new Expiry(context, cases, modLog));
  }

  /** Ends a member's pending tempbans other than the new one: the earlier unban must not end the new ban. */
  void endPending(long guildId, Pid target, Instant now, long newCase) {
    for (Case open : cases.openTempbansOf(guildId, target)) {
      if (open.number() == newCase) {
        continue;
      }
      unbans.cancel(timerId(guildId, open.number()));
      cases.update(open.ended(now));
    }
  }

  /** Starts the unban timer of a stored tempban, due when it expires. */
  void schedule(Case tempban) {
    unbans.schedule(timerId(tempban.guildId(), tempban.number()), tempban.expiresAt(),
        tempban.guildId() + ":" + tempban.number() + ":" + tempban.target());
  }

  private static String timerId(long guildId, long number) {
    return guildId + "-" + number;
  }

  /**
   * What runs when an unban is due: unban the user with the target's Pid and close the case.
   * Idempotent. A class of its own so that {@link Tempbans} does not hand itself to the timers before
   * its constructor has finished.
   */
  private static final class Expiry implements Timers.Handler {

    private final PluginContext context;
    private final CaseStore cases;
    private final ModLog modLog;

    Expiry(PluginContext context, CaseStore cases, ModLog modLog) {
      this.context = context;
      this.cases = cases;
      this.modLog = modLog;
    }

    @Override
    public void fire(Timers.Timer timer) throws Exception {
      String[] parts = timer.payload().split(":");
      long guildId = Long.parseLong(parts[0]);
      long number = Long.parseLong(parts[1]);
      Pid target = new Pid(parts[2]);
      Guild guild = guild(guildId);
      Optional<User> banned = bannedUser(guild, target);
      // The case is closed first: a retry after a failed unban finds the user still banned and unbans again.
      cases.end(guildId, number, Instant.now());
      if (banned.isPresent()) {
        guild.unban(banned.get()).reason("Tempban (case #" + number + ") ended").complete();
        modLog.post(guild, "Case #" + number + ": the tempban of <@" + banned.get().getId() + "> ended; they are unbanned.");
      }
      context.logger().info("moderation.tempban_ended case={} was_banned={}", number, banned.isPresent());
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
}
