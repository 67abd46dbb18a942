package dev.cogwheel.plugins.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandOutcome;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The events cog without Discord: times, validation, listing, cancelling rules, settings and privacy. */
class EventsCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void relativeAndAbsoluteTimesAreRead() {
    assertThat(EventTime.parse("in 2h", BERLIN, NOW)).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(EventTime.parse("90m", BERLIN, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
    assertThat(EventTime.parse("In 3 d", BERLIN, NOW)).isEqualTo(NOW.plus(Duration.ofDays(3)));
    assertThat(EventTime.parse("2026-12-24 18:00", BERLIN, NOW)).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
    assertThat(EventTime.parse("2026-07-01T18:00", BERLIN, NOW)).isEqualTo(Instant.parse("2026-07-01T16:00:00Z"));
    assertThat(EventTime.parse("2026-12-24T18:00-05:00", BERLIN, NOW)).isEqualTo(Instant.parse("2026-12-24T23:00:00Z"));
  }

  @Test
  void anUnreadableTimeSaysWhatToType() {
    assertThatThrownBy(() -> EventTime.parse("tomorrow evening", BERLIN, NOW))
        .isInstanceOf(CommandException.class)
        .hasMessage("Time 'tomorrow evening' is not valid: give 'in 2h' (s, m, h or d), or a date and time like 2026-12-24 18:00"
            + " (read in this server's time zone, Europe/Berlin) or 2026-12-24T18:00+01:00.");
    assertThatThrownBy(() -> EventTime.parse("in 2 weeks", BERLIN, NOW)).isInstanceOf(CommandException.class);
    assertThatThrownBy(() -> EventTime.parse("2026-13-01 18:00", BERLIN, NOW)).isInstanceOf(CommandException.class);
  }

  @Test
  void aTimeMoreThanAYearAheadIsRefusedWhateverItsForm() {
    assertThat(EventTime.parse("in 366d", BERLIN, NOW)).isEqualTo(NOW.plus(Duration.ofDays(366)));
    for (String far : List.of("in 367d", "in 110000d", "999999999d", "9999-12-31 23:59", "+999999999-12-31T23:59Z")) {
      assertThatThrownBy(() -> EventTime.parse(far, BERLIN, NOW)).as(far).isInstanceOf(CommandException.class)
          .hasMessageEndingWith("an event can be planned at most 366 days in advance.");
    }
    assertThatThrownBy(() -> EventTime.parse("in 9999999999d", BERLIN, NOW)).isInstanceOf(CommandException.class)
        .hasMessageContaining("is not valid");
  }

  @Test
  void storedRemindersThatCannotBeArmedOrReadAreQuarantinedAndTheCogKeepsServing() {
    TestHost host = cogwheel.host();
    var state = host.storage().state();
    long farMillis = Instant.parse("9999-12-31T00:00:00Z").toEpochMilli();
    state.put("timers/reminder/far-future", farMillis + "\n0\n" + TestHost.GUILD + ":1");
    state.put("timers/reminder/overflowing", Long.MAX_VALUE + "\n0\n" + TestHost.GUILD + ":2");
    state.put("timers/reminder/not-a-time", "soon\n0\n" + TestHost.GUILD + ":3");
    state.put("timers/reminder/cut-short", "12");

    var reloaded = host.reload();

    assertThat(reloaded.state()).isEqualTo(dev.cogwheel.testkit.PluginState.STARTED);
    assertThat(reloaded.quarantined()).extracting(item -> item.key()).containsExactlyInAnyOrder(
        "timers/reminder/far-future", "timers/reminder/overflowing", "timers/reminder/not-a-time", "timers/reminder/cut-short");
    assertThat(reloaded.quarantined()).allSatisfy(item -> assertThat(item.problem()).startsWith("this timer cannot be read"));
    assertThat(host.command("event").subcommand("list").run().outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(state.find("timers/reminder/far-future")).as("kept for the operator").isPresent();
    state.delete("timers/reminder/far-future");
    state.delete("timers/reminder/overflowing");
    state.delete("timers/reminder/not-a-time");
    state.delete("timers/reminder/cut-short");
    assertThat(host.reload().quarantined()).isEmpty();
  }

  @Test
  void anEventInThePastIsRefusedAndNothingIsStored() {
    TestHost host = cogwheel.host();
    CommandReply reply = host.command("event").subcommand("create").option("time", "2020-01-01 10:00").option("title", "Too late").run();

    assertThat(reply.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(reply.text()).isEqualTo("Time '2020-01-01 10:00' is in the past (UTC): give a time in the future.");
    assertThat(host.storage().table("events_events", Event.class).count(Query.where("guild_id", TestHost.GUILD))).isZero();
  }

  @Test
  void listingWithoutEventsSaysHowToCreateOne() {
    CommandReply reply = cogwheel.host().command("event").subcommand("list").in(3_000_000_000_000_000_009L, TestHost.CHANNEL).run();

    assertThat(reply.ephemeral()).isTrue();
    assertThat(reply.text()).isEqualTo("There are no upcoming events. Create one with /event create.");
  }

  @Test
  void cancellingIsForTheCreatorAndUnknownEventsAreNamed() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_010L;
    long creator = 2_000_000_000_000_000_020L;
    host.storage().table("events_events", Event.class).insert(new Event(guild, 1, TestHost.CHANNEL, null, "Raid", "",
        Instant.now().plus(Duration.ofDays(1)), host.pid(guild, creator), Instant.now(), false));

    CommandReply other = host.command("event").subcommand("cancel").in(guild, TestHost.CHANNEL).option("number", 1).run();
    CommandReply unknown = host.command("event").subcommand("cancel").in(guild, TestHost.CHANNEL).by(creator).option("number", 2).run();
    CommandReply cancelled = host.command("event").subcommand("cancel").in(guild, TestHost.CHANNEL).by(creator).option("number", 1).run();

    assertThat(other.text()).isEqualTo("Only the creator of event #1 or a member with Manage Events can cancel it.");
    assertThat(unknown.text()).isEqualTo("There is no event #2 to cancel in this server. /event list shows the upcoming ones.");
    assertThat(cancelled.text()).isEqualTo("Event #1 (Raid) is cancelled.");
    assertThat(host.command("event").subcommand("list").in(guild, TestHost.CHANNEL).run().text()).startsWith("There are no upcoming events.");
  }

  @Test
  void anInvalidTimeZoneIsRefused() {
    CommandReply reply = cogwheel.host().command("events").group("config").subcommand("set")
        .option("key", "time_zone").option("value", "Mars/Olympus").run();

    assertThat(reply.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(reply.text()).isEqualTo("Config key 'time_zone' must be a time zone id such as UTC or Europe/Berlin; got Mars/Olympus.");
  }

  @Test
  void exportAndForgetCoverAnswersAndCreatedEvents() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_011L;
    Pid member = host.pid(guild, 2_000_000_000_000_000_021L);
    host.storage().table("events_events", Event.class).insert(new Event(guild, 1, TestHost.CHANNEL, null, "Picnic", "",
        Instant.now().plus(Duration.ofDays(1)), member, Instant.now(), false));
    host.storage().table("events_rsvps", Rsvp.class).insert(new Rsvp(guild, 1, member, Answer.GOING, Instant.now()));

    List<UserDataRecord> records = host.storage().userData().export(member).records();
    assertThat(records).extracting(UserDataRecord::source).containsExactlyInAnyOrder("events_events", "events_rsvps");
    assertThat(host.storage().userData().delete(member)).isEqualTo(2);
    assertThat(host.storage().userData().export(member).records()).isEmpty();
    assertThat(host.storage().table("events_events", Event.class).count(Query.where("guild_id", guild))).isEqualTo(1);
  }
}
