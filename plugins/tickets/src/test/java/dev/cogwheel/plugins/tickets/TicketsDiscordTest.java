package dev.cogwheel.plugins.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tickets through the real JDA client and the local Discord, with a restart while a ticket is open. */
class TicketsDiscordTest {

  static final World WORLD = World.builder()
      .users("alice", "bob", "carol", "dave")
      .guild("Help Desk", g -> g.owner("alice")
          .role("Admin", World.Permissions.ADMINISTRATOR)
          .role("Staff", World.Permissions.DEFAULT_EVERYONE)
          .role("Member", World.Permissions.DEFAULT_EVERYONE)
          .botRole("Cogwheel", World.Permissions.ADMINISTRATOR)
          .textChannel("general")
          .category("Support")
          .member("alice", "Admin").member("bob", "Member").member("carol", "Staff").member("dave", "Member"))
      .guild("Annex", g -> g.owner("alice")
          .botRole("Cogwheel", World.Permissions.ADMINISTRATOR)
          .textChannel("lobby")
          .member("alice").member("dave"))
      .build();

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord(WORLD);

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aMemberOpensATicketFromThePanelAndClosesItAfterARestartKeepingTheTranscript() {
    TestHost host = cogwheel.host();
    LocalDiscord discord = host.discord();
    LocalGuild guild = discord.guild();
    LocalChannel general = guild.channel("general");
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");
    LocalUser carol = discord.user("carol");
    String staff = guild.role("Staff").id();
    String support = guild.channel("Support").id();

    assertThat(alice.invoke(general, "/tickets config set key:staff_role value:<@&" + staff + ">").awaitReply(WAIT).content())
        .isEqualTo("staff_role is now `" + staff + "` in this server (was `0`).");
    alice.invoke(general, "/tickets config set key:category value:" + support).awaitReply(WAIT);
    assertThat(alice.invoke(general, "/tickets panel").awaitReply(WAIT).content()).isEqualTo("The ticket panel is posted.");
    LocalMessage panel = discord.awaitMessage(general, m -> !m.buttons().isEmpty(), WAIT);

    LocalMessage opened = bob.press(panel, "Open a ticket").awaitReply(WAIT);
    LocalChannel ticket = discord.awaitChannel(guild, "ticket-0001", WAIT);
    assertThat(opened.isEphemeral()).isTrue();
    assertThat(opened.content()).isEqualTo("Your ticket #1 is open: <#" + ticket.id() + ">");
    assertThat(ticket.parentId()).contains(support);
    assertThat(ticket.overwrites()).anySatisfy(o -> {
      assertThat(o.id()).isEqualTo(guild.id());
      assertThat(o.deny() & World.Permissions.VIEW_CHANNEL).isNotZero();
    });
    assertThat(ticket.overwrites()).anySatisfy(o -> {
      assertThat(o.id()).isEqualTo(bob.id());
      assertThat(o.allow() & World.Permissions.VIEW_CHANNEL).isNotZero();
    });
    assertThat(ticket.overwrites()).anySatisfy(o -> {
      assertThat(o.id()).isEqualTo(staff);
      assertThat(o.allow() & World.Permissions.SEND_MESSAGES).isNotZero();
    });
    LocalMessage welcome = discord.awaitMessage(ticket, LocalMessage::fromBot, WAIT);
    assertThat(welcome.content()).startsWith(bob.mention() + ", thank you for opening ticket #1; <@&" + staff + "> will answer");
    assertThat(welcome.pingedUsers()).containsExactly(Long.parseLong(bob.id()));
    assertThat(welcome.pingedRoles()).containsExactly(Long.parseLong(staff));
    assertThat(welcome.pingsEveryone()).isFalse();
    assertThat(bob.press(panel, "Open a ticket").awaitReply(WAIT).content())
        .isEqualTo("You already have 1 open ticket (<#" + ticket.id() + ">); the limit in this server is 1."
            + " Close one with /ticket close before opening another.");

    bob.say(ticket, "My printer is on fire");
    carol.say(ticket, "Have you tried turning it off?");
    host.restart();

    assertThat(discord.user("dave").invoke(ticket, "/ticket close").awaitReply(WAIT).content())
        .isEqualTo("Only the member who opened ticket #1 or the staff can close it.");
    assertThat(bob.invoke(ticket, "/ticket close reason:solved").awaitReply(WAIT).content())
        .isEqualTo("Ticket #1 is closed; its transcript of 3 messages is kept.");
    discord.actions().await(a -> a.is("DELETE", "channels/{channel_id}") && a.path().contains(ticket.id()), WAIT);

    long guildId = Long.parseLong(guild.id());
    List<Tickets.Line> lines = host.storage().table("tickets_messages", Tickets.Line.class)
        .query(Query.where("guild_id", guildId).and("number", 1L).orderBy("seq"));
    assertThat(lines).extracting(Tickets.Line::author).containsExactly(
        host.pid(guildId, Long.parseLong(discord.botUserId())), host.pid(guildId, Long.parseLong(bob.id())),
        host.pid(guildId, Long.parseLong(carol.id())));
    assertThat(lines.get(1).content()).isEqualTo("My printer is on fire");
    assertThat(lines.get(0).content()).doesNotContain(bob.id());

    String transcript = alice.invoke(general, "/tickets transcript number:1").awaitReply(WAIT).content();
    assertThat(transcript).startsWith("**Ticket #1** of bob, closed <t:").contains(" by bob: solved\n")
        .contains("\nbob: My printer is on fire\ncarol: Have you tried turning it off?");
  }

  @Test
  void theTicketsOwnButtonClosesItAndOnlyThenCanTheMemberOpenAnother() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel lobby = discord.guild("Annex").channel("lobby");
    LocalUser dave = discord.user("dave");

    String opened = dave.invoke(lobby, "/ticket open topic:\"@everyone Refund\"").awaitReply(WAIT).content();
    LocalChannel ticket = discord.awaitChannel(discord.guild("Annex"), "ticket-0001", WAIT);
    assertThat(opened).isEqualTo("Your ticket #1 is open: <#" + ticket.id() + ">");
    assertThat(ticket.parentId()).isEmpty();
    LocalMessage welcome = discord.awaitMessage(ticket, LocalMessage::fromBot, WAIT);
    assertThat(welcome.content()).contains("\nTopic: @everyone Refund\n");
    assertThat(welcome.pingedUsers()).containsExactly(Long.parseLong(dave.id()));
    assertThat(welcome.pingsEveryone()).isFalse();
    assertThat(dave.invoke(lobby, "/ticket close").awaitReply(WAIT).content())
        .isEqualTo("This channel is not an open ticket: use /ticket close in the channel of the ticket you want to close.");

    assertThat(dave.press(welcome, "Close ticket").awaitReply(WAIT).content())
        .isEqualTo("Ticket #1 is closed; its transcript of 1 message is kept.");
    assertThat(dave.invoke(lobby, "/ticket open").awaitReply(WAIT).content()).startsWith("Your ticket #2 is open: <#");
  }
}
