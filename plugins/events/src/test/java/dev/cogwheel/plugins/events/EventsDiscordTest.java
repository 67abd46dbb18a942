package dev.cogwheel.plugins.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.testkit.CogwheelExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events through the real JDA client and the local Discord: RSVP buttons, a reminder across a restart, cancelling. */
class EventsDiscordTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord();

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void attendeesAnswerWithButtonsAndAreRemindedAfterARestart() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");
    LocalUser carol = discord.user("carol");

    assertThat(alice.invoke(general, "/events config set key:reminder_before value:1m").awaitReply(WAIT).content())
        .isEqualTo("reminder_before is now `PT1M` in this server (was `PT30M`).");
    LocalMessage created = alice.invoke(general, "event create", Map.of("time", "in 75s", "title", "Game night", "description", "Bring snacks"))
        .awaitReply(WAIT);
    assertThat(created.isEphemeral()).isTrue();
    assertThat(created.content()).matches("Event #\\d+ is posted\\. Attendees will be reminded <t:\\d+:R>\\.");
    LocalMessage posted = discord.awaitMessage(general, m -> m.fromBot() && m.content().startsWith("**Game night**"), WAIT);
    assertThat(posted.content()).contains("\nBring snacks\nGoing: 0 · Maybe: 0 · Not going: 0");
    assertThat(posted.buttons()).extracting(LocalMessage.Button::label).containsExactly("Going", "Maybe", "Not going");

    bob.press(posted, "Going");
    discord.awaitMessage(general, m -> m.id().equals(posted.id()) && m.content().contains("Going: 1 · Maybe: 0"), WAIT);
    carol.press(posted, "Maybe");
    discord.awaitMessage(general, m -> m.id().equals(posted.id()) && m.content().contains("Going: 1 · Maybe: 1 · Not going: 0"), WAIT);
    assertThat(carol.invoke(general, "/event list").awaitReply(WAIT).content().lines())
        .filteredOn(line -> line.contains("Game night")).singleElement().asString().endsWith("going 1, maybe 1");

    cogwheel.host().restart();

    LocalMessage reminder = discord.awaitMessage(general, m -> m.fromBot() && m.content().startsWith("Reminder: **Game night**"),
        Duration.ofSeconds(60));
    assertThat(reminder.content()).endsWith(" <@" + bob.id() + ">").doesNotContain(carol.id());
    assertThat(reminder.pingedUsers()).containsExactly(Long.parseLong(bob.id()));
    assertThat(reminder.pingsEveryone()).isFalse();
    assertThat(reminder.pingedRoles()).isEmpty();
  }

  @Test
  void theCreatorCancelsAndTheMessageSaysSo() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser alice = discord.user("alice");

    String created = alice.invoke(general, "event create", Map.of("time", "in 300d", "title", "Far away")).awaitReply(WAIT).content();
    String number = created.substring("Event #".length(), created.indexOf(' ', "Event #".length()));
    LocalMessage posted = discord.awaitMessage(general, m -> m.fromBot() && m.content().startsWith("**Far away**"), WAIT);

    assertThat(discord.user("bob").invoke(general, "/event cancel number:" + number).awaitReply(WAIT).content())
        .isEqualTo("Only the creator of event #" + number + " or a member with Manage Events can cancel it.");
    assertThat(alice.invoke(general, "/event cancel number:" + number).awaitReply(WAIT).content())
        .isEqualTo("Event #" + number + " (Far away) is cancelled.");
    LocalMessage edited = discord.awaitMessage(general, m -> m.id().equals(posted.id()) && m.content().contains("(cancelled)"), WAIT);
    assertThat(edited.content()).startsWith("**~~Far away~~ (cancelled)**");
    assertThat(edited.buttons()).isEmpty();
  }

  @Test
  void aTitleThatMentionsEveryoneARoleOrAMemberPingsNobody() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    String title = "@everyone <@&" + discord.guild().role("Member").id() + "> " + discord.user("carol").mention();

    LocalMessage created = discord.user("bob").invoke(general, "event create", Map.of("time", "in 301d", "title", title))
        .awaitReply(WAIT);
    LocalMessage posted = discord.awaitMessage(general, m -> m.fromBot() && m.content().startsWith("**" + title + "**"), WAIT);

    assertThat(created.pingsAnyone()).isFalse();
    assertThat(posted.pingsAnyone()).isFalse();
  }

  @Test
  void aTitleWithANulCharacterIsRefusedAndNothingIsPosted() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    var events = cogwheel.host().storage().table("events_events", Event.class);
    long stored = events.count(dev.cogwheel.storage.table.Query.all());

    LocalMessage refused = discord.user("bob").invoke(general, "event create", Map.of("time", "in 2h", "title", "Party\u0000"))
        .awaitReply(WAIT);

    assertThat(refused.isEphemeral()).isTrue();
    assertThat(refused.content()).startsWith("Option title contains the NUL character (U+0000)");
    assertThat(discord.messages(general).stream().filter(m -> m.fromBot() && m.content().startsWith("**Party"))).isEmpty();
    assertThat(events.count(dev.cogwheel.storage.table.Query.all())).isEqualTo(stored);
  }
}
