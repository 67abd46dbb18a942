package dev.cogwheel.plugins.events;

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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
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

  /** The time zone a date and time without an offset is read in. */
  static final ConfigKey<String> TIME_ZONE = ConfigKey.builder("time_zone", ConfigType.STRING)
      .defaultValue("UTC")
      .description("Time zone for /event create times without an offset (e.g. Europe/Berlin)")
      .rule(new ConfigRule<>(EventsCog::isZone, "a time zone id such as UTC or Europe/Berlin"))
      .build();

  /** How long before the start attendees are reminded. */
  static final ConfigKey<Duration> REMINDER_BEFORE = ConfigKey.builder("reminder_before", ConfigType.DURATION)
      .defaultValue(Duration.ofMinutes(30))
      .description("How long before an event its attendees are reminded")
      .rule(new ConfigRule<>(d -> d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(7)) <= 0,
          "between 1 minute and 7 days"))
      .build();

  /** Whether members who answered "maybe" are reminded too. */
  static final ConfigKey<Boolean> REMIND_MAYBE = ConfigKey.builder("remind_maybe", ConfigType.BOOLEAN)
      .defaultValue(false)
      .description("Also remind members who answered maybe")
      .build();

  static final String BUTTON = "events:rsvp:";

  private PluginContext context;
  private ConfigStore config;
  private Logger log;
  private EventStore store;
  private Timers reminders;

  @Override
  public void start(PluginContext context) {
    this.context = context;
    this.config = context.storage().config();
    this.log = context.logger();
    config.register(TIME_ZONE, REMINDER_BEFORE, REMIND_MAYBE);
    store = new EventStore(context.storage());
    reminders = Timers.open(context, "reminder", timer -> remind(timer.payload()));

    CommandOption number = CommandOption.builder("number", OptionType.INTEGER, "The event number (see /event list)").required().min(1).build();
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
                .option(number)
                .handler(this::cancel)
                .build())
            .guildOnly()
            .build(),
        ConfigCommands.command("events", "Event settings of this server", config)).forEach(context.commands()::register);
    context.events().subscribe(ButtonInteractionEvent.class, this::pressed);

    context.storage().userData().register(new EventsUserData(store));
  }

  private static boolean isZone(String id) {
    try {
      ZoneId.of(id.trim());
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /**
   * Reads an event time: {@code in 2h} (or {@code 2h}, {@code 30m}, {@code 3d}), an ISO date-time
   * with an offset ({@code 2026-12-24T18:00+01:00}), or one without, read in the guild's zone
   * ({@code 2026-12-24T18:00} or {@code 2026-12-24 18:00}).
   */
  static Instant parseTime(String typed, ZoneId zone, Instant now) {
    String text = typed.trim();
    String relative = text.toLowerCase(Locale.ROOT).startsWith("in ") ? text.substring(3).trim() : text;
    if (relative.matches("\\d+\\s*[smhd]")) {
      try {
        return now.plus(ConfigType.DURATION.decode(relative.replace(" ", "")));
      } catch (StorageInvalidException e) {
        throw badTime(typed, zone);
      }
    }
    String iso = text.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) +", "$1T");
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        return LocalDateTime.parse(iso).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw badTime(typed, zone);
      }
    }
  }

  private static CommandException badTime(String typed, ZoneId zone) {
    return new CommandException("Time '" + typed.trim() + "' is not valid: give 'in 2h' (s, m, h or d), or a date and time like"
        + " 2026-12-24 18:00 (read in this server's time zone, " + zone.getId() + ") or 2026-12-24T18:00+01:00.");
  }

  private void create(CommandContext call) {
    long guildId = call.guildId().orElseThrow();
    ZoneId zone = ZoneId.of(config.get(TIME_ZONE, ConfigScope.guild(guildId)).trim());
    Instant now = Instant.now();
    Instant starts = parseTime(call.string("time"), zone, now);
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
      message = interaction.getGuildChannel().sendMessage(text(event, Map.of()))
          .addComponents(buttons(event)).complete();
    } catch (RuntimeException e) {
      log.warn("events.post_failed error={}", e.getClass().getSimpleName());
      throw new CommandException("I could not post the event in this channel: I need to send messages here.");
    }
    store.insert(event.posted(message.getIdLong()));
    Instant remindAt = starts.minus(config.get(REMINDER_BEFORE, ConfigScope.guild(guildId)));
    boolean reminded = remindAt.isAfter(now);
    if (reminded) {
      reminders.schedule(timerId(guildId, number), remindAt, guildId + ":" + number);
    }
    log.info("events.created event={} reminder={}", number, reminded);
    call.replyEphemeral("Event #" + number + " is posted." + (reminded
        ? " Attendees will be reminded <t:" + remindAt.getEpochSecond() + ":R>."
        : " It starts sooner than the reminder time, so there will be no reminder."));
  }

  private static String timerId(long guildId, long number) {
    return guildId + "-" + number;
  }

  private static ActionRow buttons(Event event) {
    String prefix = BUTTON + event.guildId() + ":" + event.number() + ":";
    return ActionRow.of(Button.success(prefix + Answer.GOING, Answer.GOING.label), Button.secondary(prefix + Answer.MAYBE, Answer.MAYBE.label),
        Button.danger(prefix + Answer.NOT_GOING, Answer.NOT_GOING.label));
  }

  /** The event message: title, time, description and the counts. */
  static String text(Event event, Map<Answer, Long> counts) {
    long at = event.startsAt().getEpochSecond();
    String head = event.cancelled() ? "~~" + event.title() + "~~ (cancelled)" : event.title();
    return "**" + head + "** · <t:" + at + ":F> (<t:" + at + ":R>)"
        + (event.description().isEmpty() ? "" : "\n" + event.description())
        + "\n" + List.of(Answer.values()).stream().map(a -> a.label + ": " + counts.getOrDefault(a, 0L)).collect(Collectors.joining(" · "))
        + "\nEvent #" + event.number();
  }

  private void pressed(ButtonInteractionEvent press) {
    if (!press.getComponentId().startsWith(BUTTON) || press.getGuild() == null) {
      return;
    }
    String[] parts = press.getComponentId().substring(BUTTON.length()).split(":");
    long guildId = press.getGuild().getIdLong();
    Optional<Event> found = Long.parseLong(parts[0]) == guildId ? store.find(guildId, Long.parseLong(parts[1])) : Optional.empty();
    if (found.isEmpty() || found.get().cancelled() || !found.get().startsAt().isAfter(Instant.now())) {
      String why = found.isEmpty() ? "no longer exists" : found.get().cancelled() ? "was cancelled" : "has already started";
      press.reply("This event " + why + ".").setEphemeral(true).complete();
      return;
    }
    Event event = found.get();
    Answer answer = Answer.valueOf(parts[2]);
    store.answer(new Rsvp(guildId, event.number(), context.pids().member(guildId, press.getUser().getIdLong()), answer, Instant.now()));
    press.editMessage(text(event, store.counts(event))).complete();
    press.getHook().sendMessage("You answered " + answer.label + " for **" + event.title() + "**.").setEphemeral(true).queue();
  }

  /** A reminder timer fired: mention everyone going (and maybe, if the guild wants) in the event's channel. */
  private void remind(String payload) throws Exception {
    String[] parts = payload.split(":");
    long guildId = Long.parseLong(parts[0]);
    Optional<Event> found = store.find(guildId, Long.parseLong(parts[1]));
    if (found.isEmpty() || found.get().cancelled()) {
      return;
    }
    Event event = found.get();
    List<Answer> reminded = config.get(REMIND_MAYBE, ConfigScope.guild(guildId)) ? List.of(Answer.GOING, Answer.MAYBE) : List.of(Answer.GOING);
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
    String mentions = Members.resolve(guild, pids, context.pids()).get(30, TimeUnit.SECONDS).values().stream()
        .sorted(Comparator.comparing(Member::getEffectiveName))
        .map(Member::getAsMention)
        .collect(Collectors.joining(" "));
    if (mentions.isEmpty()) {
      log.info("events.reminder_skipped event={} reason=attendees_left", event.number());
      return;
    }
    channel.sendMessage("Reminder: **" + event.title() + "** starts <t:" + event.startsAt().getEpochSecond() + ":R>. " + mentions).complete();
    log.info("events.reminded event={} attendees={}", event.number(), pids.size());
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
    reminders.cancel(timerId(guildId, number));
    log.info("events.cancelled event={}", number);
    call.interaction().map(SlashCommandInteraction::getGuild).ifPresent(guild -> {
      GuildMessageChannel channel = guild.getChannelById(GuildMessageChannel.class, event.channelId());
      if (channel != null && event.messageId() != null) {
        try {
          channel.editMessageById(event.messageId(), text(cancelled, store.counts(cancelled))).setComponents(List.of()).complete();
        } catch (RuntimeException e) {
          log.info("events.edit_failed event={} error={}", number, e.getClass().getSimpleName());
        }
      }
    });
    call.replyEphemeral("Event #" + number + " (" + event.title() + ") is cancelled.");
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
