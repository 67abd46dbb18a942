package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.config.ConfigChangedEvent;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two backends with their own pools on one schema stand for two bot processes (or a bot and the panel). */
@ExtendWith(PostgresExtension.class)
class ConfigInvalidationTest {

  static final ConfigKey<Long> LEVEL_CHANNEL = ConfigKey.builder("level-channel", ConfigType.LONG).defaultValue(0L).build();
  /** How long to wait for a connection or a notification before failing; not a performance assertion. */
  static final Duration HANG_GUARD = Duration.ofSeconds(30);

  static PostgresStorageBackend bot;
  static PostgresStorageBackend panel;

  @BeforeAll
  static void open(TestSchema schema) throws InterruptedException {
    bot = Backends.open(schema);
    panel = Backends.open(schema);
    assertThat(bot.configBus().awaitListening(HANG_GUARD)).isTrue();
    assertThat(panel.configBus().awaitListening(HANG_GUARD)).isTrue();
  }

  @AfterAll
  static void close() {
    bot.close();
    panel.close();
  }

  @Test
  void aWriteInOneProcessInvalidatesAnotherProcessCache(TestSchema schema) throws Exception {
    ConfigScope guild = ConfigScope.guild(42);
    var botConfig = bot.forPlugin("xp").config();
    assertThat(botConfig.get(LEVEL_CHANNEL, guild)).isZero();

    // The bot's read is cached: a change that bypasses Cogwheel (no notification) is not seen.
    Backends.sql(schema, "INSERT INTO cogwheel_config (plugin_id, scope_kind, scope_id, guild_id, config_key, value)"
        + " VALUES ('xp', 'GUILD', '42', 42, 'level-channel', '7')");
    assertThat(botConfig.get(LEVEL_CHANNEL, guild)).isZero();

    CompletableFuture<ConfigChangedEvent> heard = new CompletableFuture<>();
    botConfig.addListener(heard::complete);
    panel.forPlugin("xp").config().set(LEVEL_CHANNEL, guild, 99L);

    assertThat(heard.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new ConfigChangedEvent("xp", "level-channel", guild));
    assertThat(botConfig.get(LEVEL_CHANNEL, guild)).isEqualTo(99L);
  }

  @Test
  void clearsAndPrivacyDeletionsInvalidateToo() throws Exception {
    var pid = bot.pids().member(1, 2);
    ConfigScope member = ConfigScope.member(1, pid);
    var botConfig = bot.forPlugin("eco").config();
    var panelConfig = panel.forPlugin("eco").config();

    CompletableFuture<ConfigChangedEvent> set = new CompletableFuture<>();
    var subscription = botConfig.addListener(set::complete);
    panelConfig.set(LEVEL_CHANNEL, member, 5L);
    set.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    subscription.cancel();
    assertThat(botConfig.get(LEVEL_CHANNEL, member)).isEqualTo(5L);

    CompletableFuture<ConfigChangedEvent> cleared = new CompletableFuture<>();
    botConfig.addListener(cleared::complete);
    assertThat(panel.forPlugin("eco").userData().delete(pid)).isEqualTo(1);
    assertThat(cleared.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS).scope()).isEqualTo(member);
    assertThat(botConfig.get(LEVEL_CHANNEL, member)).isZero();
  }

  @Test
  void instancesOnOtherSchemasIgnoreTheNotifications() throws Exception {
    try (TestSchema otherSchema = TestPostgres.get().createSchema("other");
        PostgresStorageBackend other = Backends.open(otherSchema);
        PostgresStorageBackend otherWriter = Backends.open(otherSchema)) {
      assertThat(other.configBus().awaitListening(HANG_GUARD)).isTrue();
      CompletableFuture<ConfigChangedEvent> heardOther = new CompletableFuture<>();
      other.forPlugin("xp").config().addListener(heardOther::complete);
      CompletableFuture<ConfigChangedEvent> heardBot = new CompletableFuture<>();
      bot.forPlugin("xp").config().addListener(heardBot::complete);
      CompletableFuture<ConfigChangedEvent> heardMarker = new CompletableFuture<>();
      other.forPlugin("marker").config().addListener(heardMarker::complete);

      panel.forPlugin("xp").config().set(LEVEL_CHANNEL, ConfigScope.guild(7), 1L);
      heardBot.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      // Notifications reach a listener in commit order: once the later marker is heard, the
      // first schema's notification has been seen too, and must have been ignored.
      otherWriter.forPlugin("marker").config().set(LEVEL_CHANNEL, ConfigScope.guild(7), 1L);
      heardMarker.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      assertThat(heardOther).isNotDone();
      assertThat(other.forPlugin("xp").config().get(LEVEL_CHANNEL, ConfigScope.guild(7))).isZero();
    }
  }
}
