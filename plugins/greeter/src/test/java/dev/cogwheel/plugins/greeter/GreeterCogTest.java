package dev.cogwheel.plugins.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.privacy.UserDataExport;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandOutcome;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.PluginState;
import dev.cogwheel.testkit.TestHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GreeterCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final long ALICE = 2_000_000_000_000_000_001L;
  static final long BOB = 2_000_000_000_000_000_002L;

  @Test
  void greetsWithTheDefaultGreetingAndCountsPerMember() {
    TestHost host = cogwheel.host();

    assertThat(host.command("greet").by(ALICE).run().text()).isEqualTo("Hello, friend! (greeting number 1)");
    assertThat(host.command("greet").by(ALICE).option("name", "Ada").run().text()).isEqualTo("Hello, Ada! (greeting number 2)");
    assertThat(host.command("greet").by(BOB).run().text()).isEqualTo("Hello, friend! (greeting number 1)");
  }

  @Test
  void theGuildsGreetingIsUsed() {
    TestHost host = cogwheel.host();
    long guild = 3_000_000_000_000_000_001L;
    host.storage().config().set(GreeterCog.GREETING, ConfigScope.guild(guild), "Ahoy");

    assertThat(host.command("greet").in(guild, TestHost.CHANNEL).by(ALICE).run().text()).startsWith("Ahoy, friend!");
  }

  @Test
  void aTooLongNameIsRefusedBeforeTheHandlerRuns() {
    CommandReply reply = cogwheel.host().command("greet").option("name", "x".repeat(33)).run();

    assertThat(reply.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(reply.ephemeral()).isTrue();
    assertThat(reply.text()).isEqualTo("Option name must be at most 32 characters long.");
  }

  @Test
  void greetIsRefusedInDirectMessages() {
    CommandReply reply = cogwheel.host().command("greet").inDirectMessage().run();

    assertThat(reply.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(reply.text()).isEqualTo("/greet works only in a server, not in direct messages.");
  }

  @Test
  void exportAndForgetCoverTheCount() {
    TestHost host = cogwheel.host();
    long carol = 2_000_000_000_000_000_003L;
    host.command("greet").by(carol).run();
    Pid pid = host.pid(TestHost.GUILD, carol);

    UserDataExport export = host.storage().userData().export(pid);
    assertThat(export.records()).singleElement().satisfies(record -> assertThat(record.fields()).containsEntry("times", "1"));
    assertThat(host.storage().userData().delete(pid)).isEqualTo(1);
    assertThat(host.storage().userData().export(pid).records()).isEmpty();
  }

  @Test
  void theCountSurvivesAReload() {
    TestHost host = cogwheel.host();
    long dave = 2_000_000_000_000_000_004L;
    host.command("greet").by(dave).run();

    assertThat(host.reload().state()).isEqualTo(PluginState.STARTED);
    assertThat(host.command("greet").by(dave).run().text()).endsWith("(greeting number 2)");
  }

  @Test
  void textThatCannotBeStoredOrShownIsRefusedBeforeTheHandlerRuns() {
    TestHost host = cogwheel.host();

    CommandReply nul = host.command("greet").option("name", "Ada\u0000").run();
    CommandReply half = host.command("greet").option("name", "Ada\uD83D").run();
    CommandReply bell = host.command("greet").option("name", "A\u0007da").run();

    assertThat(nul.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(nul.text()).isEqualTo("Option name contains the NUL character (U+0000) at position 4, which cannot be stored or"
        + " shown; remove it and try again.");
    assertThat(half.text()).startsWith("Option name contains half of a character (the unpaired surrogate U+D83D) at position 4");
    assertThat(bell.text()).startsWith("Option name contains the control character U+0007 at position 2");
    assertThat(host.command("greet").option("name", "Ada \uD83D\uDE00").run().text()).startsWith("Hello, Ada \uD83D\uDE00!");
  }
}
