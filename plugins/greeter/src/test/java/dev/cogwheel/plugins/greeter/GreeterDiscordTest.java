package dev.cogwheel.plugins.greeter;

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

/** The greeter through the real JDA client and the local Discord, across a restart of the bot. */
class GreeterDiscordTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord();

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void anAdminChangesTheGreetingAndItOutlivesARestart() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");

    LocalMessage changed = alice.invoke(general, "/greeter config set key:greeting value:Ahoy").awaitReply(WAIT);
    assertThat(changed.content()).isEqualTo("greeting is now `Ahoy` in this server (was `Hello`).");
    assertThat(changed.isEphemeral()).isTrue();
    assertThat(bob.invoke(general, "/greet").awaitReply(WAIT).content()).isEqualTo("Ahoy, friend! (greeting number 1)");

    cogwheel.host().restart();

    assertThat(bob.invoke(general, "/greet name:Ada").awaitReply(WAIT).content()).isEqualTo("Ahoy, Ada! (greeting number 2)");
    String settings = alice.invoke(general, "/greeter config show").awaitReply(WAIT).content();
    assertThat(settings).isEqualTo("**greeting** = `Ahoy` — What /greet says before the name");
    assertThat(alice.invoke(general, "/greeter config reset key:greeting").awaitReply(WAIT).content())
        .isEqualTo("greeting is back to `Hello` in this server.");
  }

  @Test
  void aValueThatBreaksTheRuleIsRefusedAndNothingChanges() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser alice = discord.user("alice");

    LocalMessage refused = alice.invoke(general, "/greeter config set key:greeting value:" + "x".repeat(51)).awaitReply(WAIT);
    assertThat(refused.isEphemeral()).isTrue();
    assertThat(refused.content()).isEqualTo("Config key 'greeting' must be at most 50 characters; got " + "x".repeat(51) + ".");
    assertThat(alice.invoke(general, "/greeter config set key:colour value:red").awaitReply(WAIT).content())
        .isEqualTo("There is no setting 'colour'. Known settings: greeting.");
    assertThat(alice.invoke(general, "/greet").awaitReply(WAIT).content()).startsWith("Hello, friend!");
  }

  @Test
  void aNameThatMentionsHereOrARolePingsNobody() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalChannel general = discord.guild().channel("general");
    String role = discord.guild().role("Member").id();

    LocalMessage reply = discord.user("carol").invoke(general, "greet", Map.of("name", "@here <@&" + role + ">"))
        .awaitReply(WAIT);

    assertThat(reply.content()).contains(", @here <@&" + role + ">!");
    assertThat(reply.pingsAnyone()).isFalse();
  }
}
