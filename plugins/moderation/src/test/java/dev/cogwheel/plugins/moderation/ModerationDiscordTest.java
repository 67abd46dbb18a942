package dev.cogwheel.plugins.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.localdiscord.InvalidInteractionException;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalDiscordException;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.RecordedAction;
import dev.cogwheel.testkit.CogwheelExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Moderation through the real JDA client and the local Discord: actions, DMs, the mod log, and a tempban across a restart. */
class ModerationDiscordTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord();

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aTimeoutReachesDiscordTheMemberAndTheModLog() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalChannel modLog = discord.guild().channel("bot");
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");

    assertThat(alice.invoke(general, "/moderation config set key:log_channel value:<#" + modLog.id() + ">").awaitReply(WAIT).content())
        .isEqualTo("log_channel is now `" + modLog.id() + "` in this server (was `0`).");
    LocalMessage reply = alice.invoke(general, "timeout", Map.of("member", bob, "duration", "10m", "reason", "calm down")).awaitReply(WAIT);

    assertThat(reply.content()).matches("Case #\\d+: <@" + bob.id() + "> timed out for 10m\\. Reason: calm down");
    String number = reply.content().substring(0, reply.content().indexOf(':'));
    assertThat(discord.guild().member("bob").timeoutUntil()).hasValueSatisfying(until ->
        assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11))));
    assertThat(discord.messages(bob.directChannel())).extracting(LocalMessage::content)
        .containsExactly("You were timed out for 10m in **" + discord.guild().name() + "**. Reason: calm down");
    assertThat(discord.awaitMessage(modLog, m -> m.content().startsWith(number + ":"), WAIT).content())
        .isEqualTo(reply.content() + " — by <@" + alice.id() + ">");
    String cases = alice.invoke(general, "/cases member:bob").awaitReply(WAIT).content();
    assertThat(cases).startsWith("Cases of <@" + bob.id() + "> (1):\n**" + number.substring("Case ".length()) + "** timeout 10m by <@"
        + alice.id() + ">").endsWith("— calm down");
  }

  @Test
  void membersWithoutThePermissionCannotUseTheCommands() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");

    assertThatThrownBy(() -> discord.user("bob").invoke(general, "/kick member:carol"))
        .isInstanceOf(InvalidInteractionException.class);
    assertThat(discord.guild().findMember("carol")).isPresent();
  }

  @Test
  void aKickRemovesTheMember() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser dave = discord.createUser("dave");
    dave.joinGuild(discord.guild());
    discord.awaitMember(discord.guild(), "dave", m -> true, WAIT);

    LocalMessage reply = discord.user("alice").invoke(general, "/kick member:dave").awaitReply(WAIT);

    assertThat(reply.content()).endsWith("<@" + dave.id() + "> kicked. Reason: No reason given");
    assertThat(discord.guild().findMember("dave")).isEmpty();
  }

  @Test
  void aTempbanEndsOnTimeAfterARestartThatHappenedWhileItWasPending() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser alice = discord.user("alice");
    LocalUser eve = discord.createUser("eve");
    eve.joinGuild(discord.guild());
    discord.awaitMember(discord.guild(), "eve", m -> true, WAIT);

    LocalMessage reply = alice.invoke(general, "/tempban member:eve duration:15s reason:raid").awaitReply(WAIT);
    assertThat(reply.content()).contains("<@" + eve.id() + "> banned for 15s (until <t:").endsWith(". Reason: raid");
    assertThat(discord.guild().findMember("eve")).isEmpty();
    assertThatThrownBy(() -> eve.joinGuild(discord.guild())).isInstanceOf(LocalDiscordException.class).hasMessageContaining("banned");

    Instant due = discord.actions().latest("PUT", "guilds/{guild_id}/bans/{user_id}").orElseThrow().at().plus(Duration.ofSeconds(15));
    long beforeRestart = discord.actions().lastSequence();
    cogwheel.host().restart();

    RecordedAction unban = discord.actions().awaitAfter(beforeRestart,
        a -> a.is("DELETE", "guilds/{guild_id}/bans/{user_id}") && a.path().endsWith("/" + eve.id()), Duration.ofSeconds(60));
    assertThat(unban.succeeded()).isTrue();
    assertThat(unban.at()).isAfter(due);
    eve.joinGuild(discord.guild());
    discord.awaitMember(discord.guild(), "eve", m -> true, WAIT);
    String cases = alice.invoke(general, "/cases member:eve").awaitReply(WAIT).content();
    assertThat(cases).contains("tempban 15s by <@" + alice.id() + ">").doesNotContain("active until");
  }

  @Test
  void aReasonThatMentionsEveryonePingsNobodyInTheReplyOrTheModLog() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalGuild guild = discord.guild();
    LocalChannel general = guild.channel("general");
    LocalChannel modLog = guild.channel("bot");
    LocalUser alice = discord.user("alice");
    alice.invoke(general, "/moderation config set key:log_channel value:<#" + modLog.id() + ">").awaitReply(WAIT);
    String reason = "@everyone <@&" + guild.role("Member").id() + "> read this";

    LocalMessage reply = alice.invoke(general, "warn", Map.of("member", discord.user("carol"), "reason", reason)).awaitReply(WAIT);

    assertThat(reply.content()).endsWith("Reason: " + reason);
    assertThat(reply.pingsAnyone()).isFalse();
    LocalMessage logged = discord.awaitMessage(modLog, m -> m.fromBot() && m.content().contains(reason), WAIT);
    assertThat(logged.pingsAnyone()).isFalse();
  }

  @Test
  void aReasonWithANulCharacterIsRefusedBeforeAnyoneIsWarnedOrAnyCaseIsStored() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser carol = discord.user("carol");
    int directMessages = discord.messages(carol.directChannel()).size();
    String casesBefore = discord.user("alice").invoke(general, "/cases member:carol").awaitReply(WAIT).content();

    LocalMessage refused = discord.user("alice").invoke(general, "warn", Map.of("member", carol, "reason", "spam\u0000"))
        .awaitReply(WAIT);

    assertThat(refused.content()).startsWith("Option reason contains the NUL character (U+0000) at position 5");
    assertThat(discord.messages(carol.directChannel())).hasSize(directMessages);
    assertThat(discord.user("alice").invoke(general, "/cases member:carol").awaitReply(WAIT).content()).isEqualTo(casesBefore);
  }
}
