package dev.cogwheel.plugins.events;

import dev.cogwheel.api.discord.Members;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.api.timer.Timers;
import dev.cogwheel.storage.Pid;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import org.slf4j.Logger;

/**
 * The reminders of events, as durable timers {@code timers/reminder/<guild>-<event>} with the
 * payload {@code guild:event}: one is scheduled the guild's {@code reminder_before} before an event
 * starts, and when it is due a message in the event's channel mentions everyone going (and maybe, if
 * the guild's {@code remind_maybe} is on) who is still a member.
 */
final class Reminders {

  private final EventsSettings settings;
  private final Timers reminders;

  /** Opens the reminder timers and arms every pending one; one that came due while the bot was down fires at once. */
  Reminders(PluginContext context, EventsSettings settings, EventStore store) {
    this.settings = settings;
    this.reminders = Timers.open(context, "reminder", new Poster(context, settings, store));
  }

  /**
   * Schedules an event's reminder, unless its time has already passed.
   *
   * @return when the reminder will be posted; empty if the event starts sooner than {@code reminder_before}
   */
  Optional<Instant> schedule(Event event, Instant now) {
    Instant remindAt = event.startsAt().minus(settings.reminderBefore(event.guildId()));
    if (!remindAt.isAfter(now)) {
      return Optional.empty();
    }
    reminders.schedule(timerId(event), remindAt, event.guildId() + ":" + event.number());
    return Optional.of(remindAt);
  }

  /** Cancels an event's pending reminder, if it has one. */
  void cancel(Event event) {
    reminders.cancel(timerId(event));
  }

  private static String timerId(Event event) {
    return event.guildId() + "-" + event.number();
  }

  /**
   * What runs when a reminder is due: mention the attendees in the event's channel. A class of its own
   * so that {@link Reminders} does not hand itself to the timers before its constructor has finished.
   */
  private static final class Poster implements Timers.Handler {

    private final PluginContext context;
    private final EventsSettings settings;
    private final EventStore store;
    private final Logger log;

    Poster(PluginContext context, EventsSettings settings, EventStore store) {
      this.context = context;
      this.settings = settings;
      this.store = store;
      this.log = context.logger();
    }

    @Override
    public void fire(Timers.Timer timer) throws Exception {
      String[] parts = timer.payload().split(":");
      long guildId = Long.parseLong(parts[0]);
      Optional<Event> found = store.find(guildId, Long.parseLong(parts[1]));
      if (found.isEmpty() || found.get().cancelled()) {
        return;
      }
      Event event = found.get();
      List<Answer> reminded = settings.remindMaybe(guildId) ? List.of(Answer.GOING, Answer.MAYBE) : List.of(Answer.GOING);
      List<Pid> pids = store.answered(event, reminded);
      if (pids.isEmpty()) {
        log.info("events.reminder_skipped event={} reason=nobody_going", event.number());
        return;
      }
      Guild guild = guild(guildId);
      GuildMessageChannel channel = guild.getChannelById(GuildMessageChannel.class, event.channelId());
      if (channel == null) {
        log.warn("events.reminder_failed event={} reason=channel_gone", event.number());
        return;
      }
      List<Member> attendees = Members.resolve(guild, pids, context.pids()).get(30, TimeUnit.SECONDS).values().stream()
          .sorted(Comparator.comparing(Member::getEffectiveName))
          .toList();
      if (attendees.isEmpty()) {
        log.info("events.reminder_skipped event={} reason=attendees_left", event.number());
        return;
      }
      String mentions = attendees.stream().map(Member::getAsMention).collect(Collectors.joining(" "));
      // Only the attendees are pinged: the title is a member's text and may hold @everyone or a role.
      channel.sendMessage("Reminder: **" + event.title() + "** starts <t:" + event.startsAt().getEpochSecond() + ":R>. " + mentions)
          .mention(attendees)
          .complete();
      log.info("events.reminded event={} attendees={}", event.number(), pids.size());
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
