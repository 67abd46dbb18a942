package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LocalDiscordConsoleTest {

  @Test
  void parsesSlashCommandsMessagesVoiceAndActingAsAnotherUser() {
    assertThat(LocalDiscordConsole.parse("/xp rank")).isEqualTo(new LocalDiscordConsole.Slash("/xp rank"));
    assertThat(LocalDiscordConsole.parse("  as alice /pay bob 10 "))
        .isEqualTo(new LocalDiscordConsole.As("alice", new LocalDiscordConsole.Slash("/pay bob 10")));
    assertThat(LocalDiscordConsole.parse("say hello world")).isEqualTo(new LocalDiscordConsole.Say("hello world"));
    assertThat(LocalDiscordConsole.parse("as bob say hi"))
        .isEqualTo(new LocalDiscordConsole.As("bob", new LocalDiscordConsole.Say("hi")));
    assertThat(LocalDiscordConsole.parse("join voice Lobby")).isEqualTo(new LocalDiscordConsole.JoinVoice("Lobby"));
    assertThat(LocalDiscordConsole.parse("leave voice")).isEqualTo(new LocalDiscordConsole.LeaveVoice());
    assertThat(LocalDiscordConsole.parse("press Yes")).isEqualTo(new LocalDiscordConsole.Press("Yes"));
    assertThat(LocalDiscordConsole.parse("channel bot")).isEqualTo(new LocalDiscordConsole.SwitchChannel("bot"));
    assertThat(LocalDiscordConsole.parse("guilds")).isEqualTo(new LocalDiscordConsole.Guilds());
    assertThat(LocalDiscordConsole.parse("help")).isEqualTo(new LocalDiscordConsole.Help());
    assertThat(LocalDiscordConsole.parse("quit")).isEqualTo(new LocalDiscordConsole.Quit());
    assertThat(LocalDiscordConsole.parse("   ")).isEqualTo(new LocalDiscordConsole.Empty());
  }

  @Test
  void refusesWhatItCannotParseSayingWhatToType() {
    assertThatThrownBy(() -> LocalDiscordConsole.parse("dance")).hasMessage("Unknown command 'dance'; type help");
    assertThatThrownBy(() -> LocalDiscordConsole.parse("join Lobby"))
        .hasMessage("join needs a voice channel, as in: join voice Lobby");
    assertThatThrownBy(() -> LocalDiscordConsole.parse("as bob")).hasMessageContaining("as needs a user and a line");
    assertThatThrownBy(() -> LocalDiscordConsole.parse("as bob as alice say hi"))
        .hasMessageContaining("as takes an action");
    assertThatThrownBy(() -> LocalDiscordConsole.parse("say")).hasMessageContaining("say needs a text");
  }

  @Nested
  class AgainstJda {

    @RegisterExtension static final LogGuard logs = new LogGuard();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LocalDiscord discord;
    private static JDA jda;

    @BeforeAll
    static void logIn() throws InterruptedException {
      discord = LocalDiscord.start(World.defaultWorld());
      jda = discord.configure(JDABuilder.createDefault(discord.token()).enableIntents(GatewayIntent.MESSAGE_CONTENT))
          .addEventListeners(new TestCog())
          .build()
          .awaitReady();
      TestCog.registerCommands(jda);
    }

    @AfterAll
    static void shutDown() throws InterruptedException {
      jda.shutdown();
      assertThat(jda.awaitShutdown(Duration.ofSeconds(5))).isTrue();
      discord.close();
    }

    @Test
    void typedLinesDriveTheServerAndTheBotsAnswersArePrinted() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      try (LocalDiscordConsole console = new LocalDiscordConsole(discord, out)) {
        long mark = discord.actions().lastSequence();
        assertThat(console.execute("/ping")).isTrue();
        awaitCallbacks(mark, 1);
        assertThat(console.execute("as bob /pay alice 10")).isTrue();
        awaitCallbacks(mark, 2);
        assertThat(console.execute("/secret")).isTrue();
        awaitCallbacks(mark, 3);
        console.execute("say !hello");
        discord.awaitMessage(discord.guild().channel("general"), m -> m.content().equals("hello alice"), WAIT);
        console.execute("/confirm");
        awaitCallbacks(mark, 4);
        console.execute("press Yes");
        awaitCallbacks(mark, 5);
        console.execute("join voice Lobby");
        console.execute("guilds");
        console.execute("/pay bob");
        console.execute("leave voice");
      }
      String printed = bytes.toString(StandardCharsets.UTF_8);
      assertThat(printed)
          .contains("alice used /ping", "bot> pong")
          .contains("bob used /pay to:@alice amount:10", "bot> paid alice 10")
          .contains("bot> only for alice   (only you can see this)")
          .contains("bot> in #general: hello alice")
          .contains("bot> Are you sure? [Yes] [No]", "alice pressed Yes", "bot> (updated the message) Confirmed")
          .contains("alice joined voice Lobby", "voice Lobby: alice", "alice left voice")
          .contains("! Option amount of /pay is required");
      assertThat(discord.guild().member("alice").voiceChannelId()).isEmpty();
    }

    @Test
    void runReadsLinesUntilQuit() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (LocalDiscordConsole console =
          new LocalDiscordConsole(discord, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
        console.run(new BufferedReader(new StringReader("help\nquit\nsay never sent\n")));
      }
      String printed = bytes.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("you are alice in #general", "join voice <channel>", "/ping", "/xp");
      assertThat(discord.messages(discord.guild().channel("general")))
          .noneMatch(m -> m.content().equals("never sent"));
    }

    private void awaitCallbacks(long mark, int count) {
      discord.await(count + " interaction callbacks", WAIT, () -> {
        long callbacks = discord.actions().all().stream()
            .filter(a -> a.sequence() > mark)
            .filter(a -> a.is("POST", "interactions/{interaction_id}/{interaction_token}/callback"))
            .count();
        return callbacks >= count ? Optional.of(callbacks) : Optional.empty();
      });
    }
  }
}
