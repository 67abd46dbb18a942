package dev.cogwheel.plugins.events;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import org.slf4j.Logger;

/**
 * {@code /event create|list|cancel}: posting an event message in the channel and scheduling its
 * reminder, listing the upcoming events, and cancelling one (its creator, or a member with Manage
 * Events), which strikes its message through and removes the buttons.
 */
final class EventCommands {

  /** How many events {@code /event list} shows. */
  private static final int LISTED = 10;

  private final Logger log;
  private final EventsSettings settings;
  private final EventStore store;
  private final Reminders reminders;

  EventCommands(Logger log, EventsSettings settings, EventStore store, Reminders reminders) {
    this.log = log;
    this.settings = settings;
    this.store = store;
    this.reminders = reminders;
  }

  SlashCommand command() {
    return SlashCommand.builder("event", "Server events")
        .subcommand(SlashCommand.builder("create", "Announces an event with RSVP buttons")
            .option(CommandOption.builder("time", OptionType.STRING, "When: 'in 2h', or a date and time like 2026-12-24 18:00").required().max(40))
            .option(CommandOption.builder("title", OptionType.STRING, "What it is").required().max(100))
            .option(CommandOption.builder("description", OptionType.STRING, "More about it").max(1000))
            .handler(this::create)
            .build())
        .subcommand(SlashCommand.builder("list", "Lists the upcoming events").handler(this::list).build())
        .subcommand(SlashCommand.builder("cancel", "Cancels an event (its creator, or members with Manage Events)")
            .option(CommandOption.builder("number", OptionType.INTEGER, "The event number (see /event list)").required().min(1))
            .handler(this::cancel)
            .build())
        .guildOnly()
        .build();
  }

  private void create(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    ZoneId zone = settings.timeZone(guildId);
    Instant now = Instant.now();
    Instant starts = EventTime.parse(call.string("time"), zone, now);
    if (!starts.isAfter(now)) {
      throw new CommandException("Time '" + call.string("time").trim() + "' is in the past (" + zone.getId()
          + "): give a time in the future.");
    }
    String title = call.string("title").trim();
    if (title.isEmpty()) {
      throw new CommandException("The title cannot be empty: say what the event is.");
    }
    SlashCommandInteraction interaction = call.interaction().orElseThrow(() -> new CommandException(
        "/event create posts the event message in Discord: use it in a server channel."));
    long number = store.nextNumber(guildId);
    Event event = new Event(guildId, number, call.channelId(), null, title, call.findString("description").orElse("").trim(), starts,
        call.caller(), now, false);
    Message message;
    try {
      message = interaction.getGuildChannel().sendMessage(EventMessage.text(event, Map.of()))
          .addComponents(EventMessage.buttons(event)).complete();
    } catch (RuntimeException e) {
      log.warn("events.post_failed error={}", e.getClass().getSimpleName());
      throw new CommandException("I could not post the event in this channel: I need to send messages here.");
    }
    Event posted = event.posted(message.getIdLong());
    try {
      store.insert(posted);
    } catch (RuntimeException e) {
      // Withdrawn: a posted event that was not stored would show buttons that answer nothing.
      message.delete().queue(null, failure -> log.warn("events.post_withdraw_failed error={}", failure.toString()));
      throw e;
    }
    Optional<Instant> remindAt = reminders.schedule(posted, now);
    log.info("events.created event={} reminder={}", number, remindAt.isPresent());
    call.replyEphemeral("Event #" + number + " is posted." + remindAt
        .map(at -> " Attendees will be reminded <t:" + at.getEpochSecond() + ":R>.")
        .orElse(" It starts sooner than the reminder time, so there will be no reminder."));
  }

  private void list(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    List<Event> upcoming = store.upcoming(guildId, Instant.now(), LISTED);
    if (upcoming.isEmpty()) {
      call.replyEphemeral("There are no upcoming events. Create one with /event create.");
      return;
    }
    call.replyEphemeral(upcoming.stream().map(e -> {
      Map<Answer, Long> counts = store.counts(e);
      return "**#" + e.number() + "** " + e.title() + " · <t:" + e.startsAt().getEpochSecond() + ":F> · going "
          + counts.get(Answer.GOING) + ", maybe " + counts.get(Answer.MAYBE);
    }).collect(Collectors.joining("\n")));
  }

  private void cancel(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    long number = call.integer("number");
    Event event = store.find(guildId, number).filter(e -> !e.cancelled()).orElseThrow(() -> new CommandException(
        "There is no event #" + number + " to cancel in this server. /event list shows the upcoming ones."));
    boolean manager = call.interaction().map(SlashCommandInteraction::getMember).map(m -> m.hasPermission(Permission.MANAGE_EVENTS))
        .orElse(false);
    if (!call.caller().equals(event.creator()) && !manager) {
      throw new CommandException("Only the creator of event #" + number + " or a member with Manage Events can cancel it.");
    }
    Event cancelled = event.cancel();
    store.update(cancelled);
    reminders.cancel(cancelled);
    log.info("events.cancelled event={}", number);
    call.interaction().map(SlashCommandInteraction::getGuild).ifPresent(guild -> {
      GuildMessageChannel channel = guild.getChannelById(GuildMessageChannel.class, event.channelId());
      if (channel != null && event.messageId() != null) {
        try {
          channel.editMessageById(event.messageId(), EventMessage.text(cancelled, store.counts(cancelled))).setComponents(List.of()).complete();
        } catch (RuntimeException e) {
          log.info("events.edit_failed event={} error={}", number, e.getClass().getSimpleName());
        }
      }
    });
    call.replyEphemeral("Event #" + number + " (" + event.title() + ") is cancelled.");
  }
}
