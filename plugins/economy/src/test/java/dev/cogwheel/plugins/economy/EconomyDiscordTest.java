package dev.cogwheel.plugins.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.localdiscord.InvalidInteractionException;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.testkit.CogwheelExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The economy through the real JDA client and the local Discord, across a restart of the bot. */
class EconomyDiscordTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord();

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void anAdminGrantsMembersPayAndTheDailyCooldownOutlivesARestart() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");
    LocalUser carol = discord.user("carol");

    assertThat(alice.invoke(general, "/economy grant member:bob amount:100 reason:welcome").awaitReply(WAIT).content())
        .isEqualTo("Granted **bob** 100 coins; they have 100 coins.");
    assertThatThrownBy(() -> bob.invoke(general, "/economy grant member:bob amount:1000"))
        .isInstanceOf(InvalidInteractionException.class).hasMessageContaining("default_member_permissions");
    assertThat(bob.invoke(general, "/pay member:carol amount:40 note:thanks").awaitReply(WAIT).content())
        .isEqualTo("You paid **carol** 40 coins. You have 60 coins left.");
    LocalMessage tooMuch = bob.invoke(general, "/pay member:carol amount:61").awaitReply(WAIT);
    assertThat(tooMuch.isEphemeral()).isTrue();
    assertThat(tooMuch.content()).isEqualTo("You have only 60 coins; you cannot pay 61.");
    assertThat(bob.invoke(general, "/pay member:cogwheel amount:1").awaitReply(WAIT).content())
        .isEqualTo("Bots have no balance: name a member.");
    assertThat(carol.invoke(general, "/balance").awaitReply(WAIT).content()).isEqualTo("You have 40 coins.");
    assertThat(bob.invoke(general, "/daily").awaitReply(WAIT).content())
        .isEqualTo("You got your daily 100 coins. You have 160 coins; the next daily is due in 1d.");

    cogwheel.host().restart();

    LocalMessage again = bob.invoke(general, "/daily").awaitReply(WAIT);
    assertThat(again.isEphemeral()).isTrue();
    // Rounded up to the second: "1d" if the restart took under a second, else "23h 59m" or so.
    assertThat(again.content()).matches("You already took your daily; the next one is due in (1d|23h [0-9]+m)\\.");
    assertThat(alice.invoke(general, "/balance member:bob").awaitReply(WAIT).content()).isEqualTo("**bob** has 160 coins.");
    assertThat(alice.invoke(general, "/economy fine member:bob amount:60 reason:spam").awaitReply(WAIT).content())
        .isEqualTo("Fined **bob** 60 coins; they have 100 coins left.");
  }
}
