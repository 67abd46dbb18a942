package dev.cogwheel.plugins.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandOutcome;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.TestHost;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TicketsCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final long GUILD = 3_000_000_000_000_000_001L;
  static final long ALICE = 2_000_000_000_000_000_001L;
  static final long BOB = 2_000_000_000_000_000_002L;

  @Test
  void settingsHaveTheirDefaultsAndALimitOutsideTheRuleIsRefused() {
    TestHost host = cogwheel.host();
    CommandReply refused = host.command("tickets").group("config").subcommand("set").in(GUILD, TestHost.CHANNEL)
        .option("key", "limit").option("value", "0").run();

    assertThat(refused.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(refused.text()).isEqualTo("Config key 'limit' must be between 1 and 10; got 0.");
    assertThat(host.storage().config().find(TicketsCog.LIMIT, ConfigScope.guild(GUILD))).isEmpty();
    assertThat(host.storage().config().get(TicketsCog.LIMIT, ConfigScope.guild(GUILD))).isEqualTo(1);
    assertThat(host.storage().config().get(TicketsCog.STAFF_ROLE, ConfigScope.guild(GUILD))).isZero();
    assertThat(host.command("tickets").group("config").subcommand("set").in(GUILD, TestHost.CHANNEL)
        .option("key", "category").option("value", "-5").run().text())
        .isEqualTo("Config key 'category' must be a category id, or 0 for none; got -5.");
  }

  @Test
  void openingATicketOutsideDiscordSaysWhatItNeeds() {
    CommandReply reply = cogwheel.host().command("ticket").subcommand("open").in(GUILD, TestHost.CHANNEL).run();

    assertThat(reply.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(reply.text()).isEqualTo("/ticket open works only through Discord, where it has a server, a member and a"
        + " channel to act on.");
    assertThat(cogwheel.host().storage().table("tickets_tickets", Tickets.Ticket.class).count(Query.all())).isZero();
  }

  @Test
  void exportShowsAMembersTicketsAndMessagesAndForgetRemovesThem() {
    TestHost host = cogwheel.host();
    Pid alice = host.pid(GUILD, ALICE);
    Pid bob = host.pid(GUILD, BOB);
    Table<Tickets.Ticket> tickets = host.storage().table("tickets_tickets", Tickets.Ticket.class);
    Table<Tickets.Line> lines = host.storage().table("tickets_messages", Tickets.Line.class);
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    tickets.insert(new Tickets.Ticket(GUILD, 7, alice, 11L, Tickets.Status.CLOSED, "Refund", now, now, bob, "done"));
    tickets.insert(new Tickets.Ticket(GUILD, 8, bob, 12L, Tickets.Status.CLOSED, null, now, now, alice, null));
    lines.insert(new Tickets.Line(GUILD, 7, 1, alice, "Where is my refund?", now));
    lines.insert(new Tickets.Line(GUILD, 7, 2, bob, "On its way", now));
    lines.insert(new Tickets.Line(GUILD, 8, 1, alice, "Me again", now));
    lines.insert(new Tickets.Line(GUILD, 8, 2, bob, "Hello", now));

    List<UserDataRecord> export = host.storage().userData().export(alice).records();
    assertThat(export).extracting(UserDataRecord::source)
        .containsExactlyInAnyOrder("tickets_tickets", "tickets_messages", "tickets_messages");
    assertThat(export).anySatisfy(r -> assertThat(r.fields()).containsEntry("topic", "Refund").containsEntry("number", "7"));
    assertThat(export).anySatisfy(r -> assertThat(r.fields()).containsEntry("content", "Me again"));

    host.storage().userData().delete(alice);

    assertThat(tickets.find(Key.of(GUILD, 7L))).isEmpty();
    assertThat(lines.query(Query.where("guild_id", GUILD))).extracting(Tickets.Line::content).containsExactly("Hello");
    assertThat(tickets.find(Key.of(GUILD, 8L))).hasValueSatisfying(t -> assertThat(t.closedBy()).isNull());
    assertThat(host.storage().userData().export(alice).records()).isEmpty();
  }
}
