package dev.cogwheel.plugins.events;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import org.slf4j.Logger;

/**
 * Events: {@code /event create} posts an event message with RSVP buttons (going, maybe, not
 * going) that keeps the counts up to date; answers are kept per member by Pid. Before the start
 * (the guild's {@code reminder_before}) a durable timer posts a reminder in the event's channel that
 * mentions everyone going, also after a restart. {@code /event list} and {@code /event cancel}.
 */
public final class EventsCog implements Cog {

  private Logger log;
  private EventsSettings settings;
  private EventStore store;
  private Reminders reminders;

  @Override
  public void start(PluginContext context) {
    this.log = context.logger();
    settings = new EventsSettings(context.storage().config());
    settings.register();
    store = new EventStore(context.storage());
    reminders = new Reminders(context, settings, store);

    List.of(
        SlashCommand.builder("event", "Server events")
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
            .build(),
        ConfigCommands.command("events", "Event settings of this server", context.storage().config())).forEach(context.commands()::register);
    context.events().subscribe(ButtonInteractionEvent.class, new RsvpButtons(context.pids(), store)::pressed);
    context.storage().userData().register(new EventsUserData(store));
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
    store.insert(posted);
    Optional<Instant> remindAt = reminders.schedule(posted, now);
    log.info("events.created event={} reminder={}", number, remindAt.isPresent());
    call.replyEphemeral("Event #" + number + " is posted." + remindAt
        .map(at -> " Attendees will be reminded <t:" + at.getEpochSecond() + ":R>.")
        .orElse(" It starts sooner than the reminder time, so there will be no reminder."));
  }

  private void list(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    List<Event> upcoming = store.upcoming(guildId, Instant.now(), 10);
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
