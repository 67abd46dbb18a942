package dev.cogwheel.plugins.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandOutcome;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.PluginState;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The moderation cog in a host without Discord: what needs no Discord action (warn, cases, reasons, validation, privacy). */
class ModerationCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final long MOD = 2_000_000_000_000_000_001L;
  static final long GUILD = 3_000_000_000_000_000_001L;

  @Test
  void warningsAreNumberedPerGuildAndListed() {
    TestHost host = cogwheel.host();
    long member = 2_000_000_000_000_000_010L;

    CommandReply first = host.command("warn").in(GUILD, TestHost.CHANNEL).by(MOD).option("member", member).option("reason", "spam").run();
    CommandReply second = host.command("warn").in(GUILD, TestHost.CHANNEL).by(MOD).option("member", member).option("reason", "more spam").run();
    CommandReply elsewhere = host.command("warn").by(MOD).option("member", member).option("reason", "spam").run();

    assertThat(first.text()).isEqualTo("Case #1: <@" + member + "> warned. Reason: spam");
    assertThat(second.text()).startsWith("Case #2: ");
    assertThat(elsewhere.text()).startsWith("Case #1: ");
    String listed = host.command("cases").in(GUILD, TestHost.CHANNEL).by(MOD).option("member", member).run().text();
    assertThat(listed).startsWith("Cases of <@" + member + "> (2):\n**#2** warn by a moderator").contains("— more spam").contains("**#1** warn");
    Case stored = host.storage().table("moderation_cases", Case.class)
        .query(Query.where("guild_id", GUILD).and("number", 1L)).get(0);
    assertThat(stored.target()).isEqualTo(host.pid(GUILD, member));
    assertThat(stored.moderator()).isEqualTo(host.pid(GUILD, MOD));
  }

  @Test
  void aMemberWithoutCasesIsSaidToHaveNone() {
    long member = 2_000_000_000_000_000_011L;
    CommandReply reply = cogwheel.host().command("cases").by(MOD).option("member", member).run();

    assertThat(reply.ephemeral()).isTrue();
    assertThat(reply.text()).isEqualTo("<@" + member + "> has no moderation cases.");
  }

  @Test
  void aCasesReasonIsChangedAndAnUnknownCaseIsNamed() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_002L;
    long member = 2_000_000_000_000_000_012L;
    host.command("warn").in(guild, TestHost.CHANNEL).by(MOD).option("member", member).option("reason", "typo").run();

    CommandReply changed = host.command("case").subcommand("reason").in(guild, TestHost.CHANNEL).by(MOD)
        .option("number", 1).option("reason", "posted an invite link").run();
    CommandReply unknown = host.command("case").subcommand("reason").in(guild, TestHost.CHANNEL).by(MOD)
        .option("number", 7).option("reason", "x").run();

    assertThat(changed.text()).isEqualTo("Case #1 now has the reason: posted an invite link (was: typo)");
    assertThat(unknown.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(unknown.text()).isEqualTo("There is no case #7 in this server. /cases <member> lists a member's cases.");
    assertThat(host.command("cases").in(guild, TestHost.CHANNEL).by(MOD).option("member", member).run().text())
        .endsWith("— posted an invite link");
  }

  @Test
  void badDurationsAreRefusedWithWhatToTypeAndNothingIsStored() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_003L;
    long member = 2_000_000_000_000_000_013L;

    assertThat(tempban(host, guild, member, "10x").text())
        .isEqualTo("Duration '10x' is not valid: give a number and a unit, like 30s, 10m, 2h or 7d.");
    assertThat(tempban(host, guild, member, "soon").text())
        .isEqualTo("Duration 'soon' is not valid: give a number and a unit, like 30s, 10m, 2h or 7d.");
    assertThat(tempban(host, guild, member, "0m").text()).isEqualTo("Duration '0m' must be longer than zero, like 10m, 2h or 7d.");
    assertThat(tempban(host, guild, member, "400d").text()).isEqualTo("Duration '400d' is longer than this server's max_tempban of 365d.");
    host.storage().config().set(ModerationSettings.MAX_TEMPBAN, ConfigScope.guild(guild), Duration.ofDays(7));
    assertThat(tempban(host, guild, member, "8d").text()).isEqualTo("Duration '8d' is longer than this server's max_tempban of 7d.");
    CommandReply timeout = host.command("timeout").in(guild, TestHost.CHANNEL).by(MOD).option("member", member).option("duration", "29d").run();
    assertThat(timeout.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(timeout.text()).isEqualTo("Duration '29d' is longer than Discord's limit of 28d.");
    assertThat(host.storage().table("moderation_cases", Case.class).count(Query.where("guild_id", guild))).isZero();
  }

  @Test
  void nobodyModeratesThemselves() {
    CommandReply reply = cogwheel.host().command("warn").by(MOD).option("member", MOD).option("reason", "test").run();

    assertThat(reply.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(reply.text()).isEqualTo("You cannot warn yourself.");
  }

  @Test
  void exportShowsBothSidesAndForgetRemovesTheMemberAndAnonymisesTheModerator() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_004L;
    long member = 2_000_000_000_000_000_014L;
    long moderator = 2_000_000_000_000_000_015L;
    host.command("warn").in(guild, TestHost.CHANNEL).by(moderator).option("member", member).option("reason", "rude").run();
    Pid memberPid = host.pid(guild, member);
    Pid moderatorPid = host.pid(guild, moderator);

    List<UserDataRecord> asMember = host.storage().userData().export(memberPid).records();
    List<UserDataRecord> asModerator = host.storage().userData().export(moderatorPid).records();
    assertThat(asMember).singleElement().satisfies(r -> assertThat(r.fields()).containsEntry("role", "member").containsEntry("reason", "rude"));
    assertThat(asModerator).singleElement().satisfies(r -> assertThat(r.fields()).containsEntry("role", "moderator"));

    assertThat(host.storage().userData().delete(moderatorPid)).isEqualTo(1);
    assertThat(host.command("cases").in(guild, TestHost.CHANNEL).by(MOD).option("member", member).run().text())
        .contains("warn by a forgotten moderator");
    assertThat(host.storage().userData().delete(memberPid)).isEqualTo(1);
    assertThat(host.storage().userData().export(memberPid).records()).isEmpty();
  }

  @Test
  void casesSurviveAReload() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_005L;
    long member = 2_000_000_000_000_000_016L;
    host.command("warn").in(guild, TestHost.CHANNEL).by(MOD).option("member", member).option("reason", "one").run();

    assertThat(host.reload().state()).isEqualTo(PluginState.STARTED);
    assertThat(host.command("warn").in(guild, TestHost.CHANNEL).by(MOD).option("member", member).option("reason", "two").run().text())
        .startsWith("Case #2: ");
  }

  @Test
  void durationsAreShownAsTyped() {
    assertThat(DurationText.describe(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(DurationText.describe(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(DurationText.describe(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(DurationText.describe(Duration.ofSeconds(45))).isEqualTo("45s");
  }

  private static CommandReply tempban(TestHost host, long guild, long member, String duration) {
    return host.command("tempban").in(guild, TestHost.CHANNEL).by(MOD).option("member", member).option("duration", duration).run();
  }
}
