package dev.cogwheel.plugins.tickets;

import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.discord.Members;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.IMentionable;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.concrete.Category;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.requests.restaction.ChannelAction;

/**
 * What tickets do, on JDA's objects: open a private channel for a member and the staff role, close
 * it into a transcript, show a transcript. Opening is serialised so that two presses of the panel
 * button cannot both pass the per-member limit. Thread-safe.
 */
final class Tickets {

  /** Custom id of the panel's button. */
  static final String OPEN_BUTTON = "tickets:open";
  /** Custom id of the button in a ticket's first message. */
  static final String CLOSE_BUTTON = "tickets:close";
  /** How many of a ticket's newest messages its transcript keeps. */
  static final int TRANSCRIPT_LIMIT = 1000;

  private static final EnumSet<Permission> PARTICIPANT = EnumSet.of(
      Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND, Permission.MESSAGE_HISTORY, Permission.MESSAGE_ATTACH_FILES);
  private static final EnumSet<Permission> BOT = EnumSet.of(
      Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND, Permission.MESSAGE_HISTORY, Permission.MANAGE_CHANNEL);

  /** Whether a ticket is still open. */
  enum Status { OPEN, CLOSED }

  /** A row of tickets_tickets. */
  record Ticket(long guildId, long number, Pid pid, long channelId, Status status, String topic, Instant openedAt,
      Instant closedAt, Pid closedBy, String closeReason) {

    Ticket closed(Pid by, String reason) {
      return new Ticket(guildId, number, pid, channelId, Status.CLOSED, topic, openedAt, Instant.now(), by, reason);
    }
  }

  /** A row of tickets_messages: one message of a closed ticket's transcript. */
  record Line(long guildId, long number, int seq, Pid author, String content, Instant sentAt) {}

  /** A row of tickets_counters. */
  record Counter(long guildId, long last) {}

  private final PluginContext context;
  private final Table<Ticket> tickets;
  private final Table<Line> lines;
  private final Table<Counter> counters;

  Tickets(PluginContext context) {
    this.context = context;
    this.tickets = context.storage().table("tickets_tickets", Ticket.class);
    this.lines = context.storage().table("tickets_messages", Line.class);
    this.counters = context.storage().table("tickets_counters", Counter.class);
  }

  /**
   * Opens a ticket for a member: checks the limit and the settings, creates the channel, stores the
   * ticket and greets the member in it.
   *
   * @return what to tell the member
   * @throws CommandException when the member may not open one, or a setting is broken
   */
  synchronized String open(Member member, Optional<String> topic) {
    Guild guild = member.getGuild();
    long guildId = guild.getIdLong();
    ConfigScope scope = ConfigScope.guild(guildId);
    Pid pid = Members.pid(member, context.pids());
    List<Ticket> open = openTickets(guild, pid);
    int limit = context.storage().config().get(TicketsCog.LIMIT, scope);
    if (open.size() >= limit) {
      throw new CommandException("You already have " + open.size() + " open ticket" + (open.size() == 1 ? "" : "s") + " ("
          + String.join(", ", open.stream().map(t -> "<#" + t.channelId() + ">").toList())
          + "); the limit in this server is " + limit + ". Close one with /ticket close before opening another.");
    }
    Optional<Role> staff = staffRole(guild);
    Category category = category(guild);

    long number = counters.increment(Key.of(guildId), "last", 1);
    String label = "#" + number;
    ChannelAction<TextChannel> create = guild.createTextChannel(String.format("ticket-%04d", number), category)
        .setTopic("Ticket " + label + " of " + member.getEffectiveName() + topic.map(t -> ": " + t).orElse(""))
        .addPermissionOverride(guild.getPublicRole(), null, EnumSet.of(Permission.VIEW_CHANNEL))
        .addMemberPermissionOverride(member.getIdLong(), PARTICIPANT, null)
        .addMemberPermissionOverride(guild.getSelfMember().getIdLong(), BOT, null);
    if (staff.isPresent()) {
      create = create.addRolePermissionOverride(staff.get().getIdLong(), PARTICIPANT, null);
    }
    TextChannel channel = create.reason("Ticket " + label).complete();
    try {
      tickets.insert(new Ticket(guildId, number, pid, channel.getIdLong(), Status.OPEN, topic.orElse(null), Instant.now(),
          null, null, null));
    } catch (RuntimeException e) {
      channel.delete().reason("Ticket " + label + " could not be stored").queue();
      throw e;
    }
    channel.sendMessage(member.getAsMention() + ", thank you for opening ticket " + label
            + staff.map(r -> "; " + r.getAsMention() + " will answer you here").orElse("; the staff will answer you here")
            + "." + topic.map(t -> "\nTopic: " + t).orElse("")
            + "\nWhen it is settled, close it with /ticket close or the button below.")
        .setComponents(ActionRow.of(Button.danger(CLOSE_BUTTON, "Close ticket")))
        // The opener and the staff role are pinged; the topic is the member's text and pings nobody.
        .mention(staff.<List<IMentionable>>map(role -> List.of(member, role)).orElse(List.of(member)))
        .complete();
    context.logger().info("tickets.opened number={}", number);
    return "Your ticket " + label + " is open: " + channel.getAsMention();
  }

  /**
   * Closes the open ticket of a channel: keeps its transcript, tells the member who closed it (the
   * answer is in the channel, so it comes first), then deletes the channel.
   *
   * @param answer sends the member the answer, and returns once it is sent
   * @throws CommandException when the channel is no open ticket, or the member may not close it
   */
  void close(Member member, TextChannel channel, Optional<String> reason, Consumer<String> answer) {
    Guild guild = member.getGuild();
    Ticket ticket = tickets.query(Query.where("guild_id", guild.getIdLong()).and("channel_id", channel.getIdLong())
            .and("status", Status.OPEN))
        .stream().findFirst()
        .orElseThrow(() -> new CommandException("This channel is not an open ticket: use /ticket close in the channel of"
            + " the ticket you want to close."));
    Pid closer = Members.pid(member, context.pids());
    if (!closer.equals(ticket.pid()) && !isStaff(member)) {
      throw new CommandException("Only the member who opened ticket #" + ticket.number()
          + " or the staff can close it.");
    }
    List<Message> messages = history(channel);
    List<Line> transcript = new ArrayList<>();
    for (Message message : messages) {
      transcript.add(new Line(ticket.guildId(), ticket.number(), transcript.size() + 1,
          context.pids().member(guild.getIdLong(), message.getAuthor().getIdLong()), message.getContentDisplay(),
          message.getTimeCreated().toInstant()));
    }
    context.storage().useTransaction(tx -> {
      Table<Line> txLines = tx.table("tickets_messages", Line.class);
      transcript.forEach(txLines::insert);
      tx.table("tickets_tickets", Ticket.class).update(ticket.closed(closer, reason.orElse(null)));
    });
    context.logger().info("tickets.closed number={} messages={}", ticket.number(), transcript.size());
    answer.accept("Ticket #" + ticket.number() + " is closed; its transcript of " + transcript.size() + " message"
        + (transcript.size() == 1 ? "" : "s") + " is kept.");
    channel.delete().reason("Ticket #" + ticket.number() + " closed").queue(null,
        failure -> context.logger().warn("tickets.channel_delete_failed number={} error={}", ticket.number(),
            failure.getClass().getSimpleName()));
  }

  /**
   * A closed ticket's transcript, with its authors' current names.
   *
   * @return the text to show, at most 2000 characters
   * @throws CommandException when there is no such closed ticket
   */
  String transcript(Guild guild, long number) {
    Ticket ticket = tickets.find(Key.of(guild.getIdLong(), number))
        .orElseThrow(() -> new CommandException("There is no ticket #" + number + " in this server."));
    if (ticket.status() == Status.OPEN) {
      throw new CommandException("Ticket #" + number + " is still open in <#" + ticket.channelId()
          + ">; its transcript is kept when it is closed.");
    }
    List<Line> rows = lines.query(Query.where("guild_id", guild.getIdLong()).and("number", number).orderBy("seq"));
    Set<Pid> authors = new LinkedHashSet<>();
    rows.forEach(row -> authors.add(row.author()));
    authors.add(ticket.pid());
    Map<Pid, Member> names = resolve(guild, authors);
    StringBuilder text = new StringBuilder("**Ticket #" + number + "** of " + name(names, ticket.pid())
        + (ticket.topic() == null ? "" : " — " + ticket.topic()) + ", closed "
        + "<t:" + ticket.closedAt().getEpochSecond() + ":f>"
        + (ticket.closedBy() == null ? "" : " by " + name(names, ticket.closedBy()))
        + (ticket.closeReason() == null ? "" : ": " + ticket.closeReason()) + "\n");
    for (int i = 0; i < rows.size(); i++) {
      Line row = rows.get(i);
      String line = name(names, row.author()) + ": " + row.content() + "\n";
      String more = "… and " + (rows.size() - i) + " more messages";
      if (text.length() + line.length() > 2000 - more.length()) {
        text.append(more);
        break;
      }
      text.append(line);
    }
    return text.toString().strip();
  }

  /** What {@code /mydata export} shows of a Pid. */
  List<UserDataRecord> export(Pid pid) {
    List<UserDataRecord> records = new ArrayList<>();
    for (Ticket ticket : tickets.query(Query.where("pid", pid))) {
      Map<String, String> fields = new HashMap<>();
      fields.put("guild_id", Long.toString(ticket.guildId()));
      fields.put("number", Long.toString(ticket.number()));
      fields.put("status", ticket.status().name());
      fields.put("opened_at", ticket.openedAt().toString());
      if (ticket.topic() != null) {
        fields.put("topic", ticket.topic());
      }
      records.add(new UserDataRecord("tickets_tickets", fields));
    }
    for (Line line : lines.query(Query.where("author", pid).orderBy("guild_id").orderBy("number").orderBy("seq"))) {
      records.add(new UserDataRecord("tickets_messages", Map.of("guild_id", Long.toString(line.guildId()),
          "number", Long.toString(line.number()), "sent_at", line.sentAt().toString(), "content", line.content())));
    }
    return records;
  }

  /**
   * What {@code /mydata forget} removes: the tickets a Pid opened with their whole transcripts, the
   * messages it wrote in others' tickets, and its name as the closer of a ticket.
   */
  int delete(Pid pid) {
    return context.storage().withTransaction(tx -> {
      Table<Ticket> txTickets = tx.table("tickets_tickets", Ticket.class);
      Table<Line> txLines = tx.table("tickets_messages", Line.class);
      int removed = 0;
      for (Ticket ticket : txTickets.query(Query.where("pid", pid))) {
        removed += txLines.deleteWhere(Query.where("guild_id", ticket.guildId()).and("number", ticket.number()));
      }
      removed += txLines.deleteWhere(Query.where("author", pid));
      removed += txTickets.deleteWhere(Query.where("pid", pid));
      for (Ticket ticket : txTickets.query(Query.where("closed_by", pid))) {
        txTickets.update(new Ticket(ticket.guildId(), ticket.number(), ticket.pid(), ticket.channelId(), ticket.status(),
            ticket.topic(), ticket.openedAt(), ticket.closedAt(), null, ticket.closeReason()));
        removed++;
      }
      return removed;
    });
  }

  /**
   * The member's open tickets. A ticket whose channel is gone (deleted by hand, also while the bot
   * was down) is closed on the way, without a transcript, so it no longer counts against the limit.
   */
  private List<Ticket> openTickets(Guild guild, Pid pid) {
    List<Ticket> open = new ArrayList<>();
    for (Ticket ticket : tickets.query(Query.where("guild_id", guild.getIdLong()).and("pid", pid).and("status", Status.OPEN))) {
      if (guild.getTextChannelById(ticket.channelId()) != null) {
        open.add(ticket);
      } else {
        tickets.update(ticket.closed(null, "channel deleted"));
        context.logger().info("tickets.closed_vanished number={}", ticket.number());
      }
    }
    return open;
  }

  private Optional<Role> staffRole(Guild guild) {
    long id = context.storage().config().get(TicketsCog.STAFF_ROLE, ConfigScope.guild(guild.getIdLong()));
    if (id == 0) {
      return Optional.empty();
    }
    Role role = guild.getRoleById(id);
    if (role == null) {
      throw new CommandException("The staff role set for tickets no longer exists in this server; an admin can set"
          + " another with /tickets config set key:staff_role value:@Role.");
    }
    return Optional.of(role);
  }

  private Category category(Guild guild) {
    long id = context.storage().config().get(TicketsCog.CATEGORY, ConfigScope.guild(guild.getIdLong()));
    if (id == 0) {
      return null;
    }
    Category category = guild.getCategoryById(id);
    if (category == null) {
      throw new CommandException("The category set for ticket channels is not a category of this server; an admin can"
          + " set another with /tickets config set key:category value:<category id>, or reset it.");
    }
    return category;
  }

  private boolean isStaff(Member member) {
    long staff = context.storage().config().get(TicketsCog.STAFF_ROLE, ConfigScope.guild(member.getGuild().getIdLong()));
    return member.hasPermission(Permission.MANAGE_CHANNEL)
        || member.getRoles().stream().anyMatch(role -> role.getIdLong() == staff);
  }

  private static List<Message> history(TextChannel channel) {
    try {
      List<Message> newestFirst = new ArrayList<>(channel.getIterableHistory().takeAsync(TRANSCRIPT_LIMIT).get(30, TimeUnit.SECONDS));
      Collections.reverse(newestFirst);
      return newestFirst;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The messages of the ticket's channel could not be read", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the ticket's messages", e);
    }
  }

  private Map<Pid, Member> resolve(Guild guild, Set<Pid> pids) {
    try {
      return Members.resolve(guild, pids, context.pids()).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  private static String name(Map<Pid, Member> names, Pid pid) {
    Member member = names.get(pid);
    return member == null ? "(former member)" : member.getEffectiveName();
  }
}
