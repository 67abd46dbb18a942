package dev.cogwheel.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.cli.config.CogwheelConfig;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.runtime.discord.Bot;
import dev.cogwheel.runtime.discord.CommandSync;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * A whole local session (the bot on the local Discord, a cog, users talking, commands, a reload, a
 * failing command) with known secrets and ids, logging at DEBUG: no log line may hold the token, the
 * database URL or password, the Pid secret, a raw Discord id or what a user wrote.
 */
@ExtendWith(PostgresExtension.class)
class LocalSessionLogTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String PASSWORD = "hunter2-database-password";
  static final String PID_SECRET = "pid-secret-0123456789abcdef0123456789abcdef0123";
  static final String SAID = "the eagle lands at midnight";
  static final String NOTED = "the treasure is under the old oak";

  @Test
  void aLocalSessionFullOfSecretsLogsNoneOfThem(TestSchema schema, @TempDir Path plugins) throws Exception {
    PluginBuilder.plugin("notes").property("plugin.userData", "Notes, by Pid.").cog("""
        String dsn = context.settings().get("dsn", "");
        context.events().subscribe(net.dv8tion.jda.api.events.message.MessageReceivedEvent.class, e ->
            context.logger().info("notes.message_seen author={} channel={}", e.getAuthor().getIdLong(), e.getChannel().getIdLong()));
        context.commands().register(SlashCommand.builder("note", "Keeps a note")
            .option(CommandOption.builder("text", OptionType.STRING, "The note").required())
            .handler(c -> { context.logger().info("notes.saved user={} guild={}", c.userId(), c.guildId().getAsLong()); c.reply("noted"); })
            .build());
        context.commands().register(SlashCommand.builder("boom", "Fails")
            .handler(c -> { throw new IllegalStateException("cannot reach " + dsn + " with password " + context.settings().get("pw", "")); })
            .build());
        """).jar(plugins);

    List<String> secrets = new ArrayList<>();
    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.start(LogFormat.PLAIN, Level.DEBUG);
        LocalDiscord discord = LocalDiscord.start(World.defaultWorld())) {
      Map<String, String> environment = new HashMap<>();
      environment.put("DATABASE_URL", schema.server().jdbcUrl());
      environment.put("DATABASE_USER", schema.user() == null || schema.user().isBlank() ? "postgres" : schema.user());
      environment.put("DATABASE_PASSWORD", schema.password() == null || schema.password().isBlank() ? PASSWORD : schema.password());
      environment.put("DB_SCHEMA", schema.name());
      environment.put("COGWHEEL_PID_SECRET", PID_SECRET);
      environment.put("DISCORD_TOKEN", discord.token());
      CogwheelConfig config = CogwheelConfig.load(null, environment);
      Logging.registerSecrets(config.secrets(environment));

      LocalUser alice = discord.user("alice");
      LocalUser bob = discord.user("bob");
      LocalChannel general = discord.guild().channel("general");
      secrets.addAll(List.of(discord.token(), environment.get("DATABASE_PASSWORD"), PID_SECRET, "jdbc:postgresql://",
          schema.server().jdbcUrl(), SAID, NOTED, alice.id(), bob.id(), discord.user("carol").id(), discord.guild().id(),
          general.id(), discord.botUserId()));

      try (PostgresStorageBackend backend = PostgresStorageBackend.open(config.storageSettings())) {
        CogwheelPluginManager manager = new CogwheelPluginManager(Hosts.settings(plugins, Set.of(),
            Map.of("notes", Map.of("dsn", schema.server().jdbcUrl(), "pw", environment.get("DATABASE_PASSWORD")))), backend);
        Bot.Settings settings = Bot.Settings.builder(discord.token()).owners(Set.of(Long.parseLong(alice.id())))
            .backupBeforeUpgrade(false).build();
        try (Bot bot = Bot.start(settings, backend, manager, discord::configure)) {
          bob.say(general, SAID);
          assertThat(bob.invoke(general, "note", Map.of("text", NOTED)).awaitReply(WAIT).content()).isEqualTo("noted");
          assertThat(bob.invoke(general, "/boom").awaitReply(WAIT).content()).startsWith("Something went wrong (error id ");
          assertThat(alice.invoke(general, "/plugins reload notes").awaitReply(WAIT).content()).startsWith("notes 1.0.0 is STARTED");
          assertThat(alice.invoke(general, "/mydata export").awaitReply(WAIT).content()).isNotEmpty();
        }
      }
      lines = logs.lines();
    }

    String all = String.join("\n", lines);
    assertThat(all).as("the session was logged").contains("plugin.started", "command.failed", "notes.saved", "<id:",
        "IllegalStateException");
    assertThat(lines.size()).as("lines logged").isGreaterThan(50);
    assertThat(secrets).noneMatch(String::isBlank);
    for (String secret : secrets) {
      assertThat(lines).as("lines holding " + secret.substring(0, Math.min(6, secret.length())) + "...")
          .noneMatch(line -> line.contains(secret));
    }
  }
}
