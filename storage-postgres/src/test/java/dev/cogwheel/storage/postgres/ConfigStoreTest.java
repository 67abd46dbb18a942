package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.Subscription;
import dev.cogwheel.storage.config.ConfigChangedEvent;
import dev.cogwheel.storage.config.ConfigEntry;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConfigStoreTest {

  enum Mode { OFF, QUIET, LOUD }

  static final ConfigKey<Double> MULTIPLIER = ConfigKey.builder("multiplier", ConfigType.DOUBLE)
      .defaultValue(1.0).description("XP multiplier").rule(ConfigRule.between(0.0, 10.0)).build();
  static final ConfigKey<String> GREETING = ConfigKey.builder("greeting", ConfigType.STRING)
      .defaultValue("hi").rule(ConfigRule.maxLength(100_000)).build();
  static final ConfigKey<Mode> MODE = ConfigKey.builder("mode", ConfigType.ofEnum(Mode.class)).defaultValue(Mode.QUIET).build();
  static final ConfigKey<Duration> COOLDOWN = ConfigKey.builder("cooldown", ConfigType.DURATION).defaultValue(Duration.ofMinutes(1)).build();
  static final ConfigKey<List<Long>> IGNORED = ConfigKey.builder("ignored-channels", ConfigType.LONG_LIST).defaultValue(List.of()).build();

  static PostgresStorageBackend backend;
  static Pid alice;

  @BeforeAll
  static void open(TestSchema schema) {
    backend = Backends.open(schema);
    alice = backend.pids().member(10, 1001);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void readsFallBackFromChannelToGuildToGlobalToDefault() {
    ConfigStore config = backend.forPlugin("fallback").config();
    ConfigScope channel = ConfigScope.channel(10, 20);
    assertThat(config.get(MULTIPLIER, channel)).isEqualTo(1.0);
    config.set(MULTIPLIER, ConfigScope.global(), 2.0);
    assertThat(config.get(MULTIPLIER, channel)).isEqualTo(2.0);
    config.set(MULTIPLIER, ConfigScope.guild(10), 3.0);
    assertThat(config.get(MULTIPLIER, channel)).isEqualTo(3.0);
    assertThat(config.get(MULTIPLIER, ConfigScope.guild(11))).isEqualTo(2.0);
    config.set(MULTIPLIER, channel, 4.0);
    assertThat(config.get(MULTIPLIER, channel)).isEqualTo(4.0);
    assertThat(config.get(MULTIPLIER, ConfigScope.member(10, alice))).isEqualTo(3.0);
    assertThat(config.get(MULTIPLIER, ConfigScope.user(alice))).isEqualTo(2.0);
    assertThat(config.find(MULTIPLIER, ConfigScope.channel(10, 21))).isEmpty();

    assertThat(config.clear(MULTIPLIER, channel)).isTrue();
    assertThat(config.clear(MULTIPLIER, channel)).isFalse();
    assertThat(config.get(MULTIPLIER, channel)).isEqualTo(3.0);
  }

  @Test
  void everyTypeRoundTrips() {
    ConfigStore config = backend.forPlugin("types").config();
    ConfigScope guild = ConfigScope.guild(5);
    config.set(MODE, guild, Mode.LOUD);
    config.set(COOLDOWN, guild, Duration.ofSeconds(90));
    config.set(IGNORED, guild, List.of(1L, 2L, 3L));
    config.set(GREETING, ConfigScope.member(5, alice), "hello\tthere");
    assertThat(config.get(MODE, guild)).isEqualTo(Mode.LOUD);
    assertThat(config.get(COOLDOWN, guild)).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.get(IGNORED, guild)).containsExactly(1L, 2L, 3L);
    assertThat(config.get(GREETING, ConfigScope.member(5, alice))).isEqualTo("hello\tthere");
    assertThat(config.list(guild)).extracting(ConfigEntry::key).containsExactly("cooldown", "ignored-channels", "mode");
    assertThat(config.list(guild)).extracting(ConfigEntry::value).containsExactly("PT1M30S", "1,2,3", "LOUD");
  }

  @Test
  void invalidValuesAreRefusedWithTheKeyAndTheRule() {
    ConfigStore config = backend.forPlugin("rules").config();
    assertThatThrownBy(() -> config.set(MULTIPLIER, ConfigScope.global(), 11.0))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("Config key 'multiplier' must be between 0.0 and 10.0; got 11.0.");
    assertThatThrownBy(() -> MULTIPLIER.parse("lots"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("Config key 'multiplier'").hasMessageContaining("'lots' is not a valid double");
    assertThatThrownBy(() -> COOLDOWN.parse("5 parsecs")).hasMessageContaining("is not a valid duration");
    assertThatThrownBy(() -> config.set(GREETING, ConfigScope.global(), "x".repeat(70_000)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin rules: config key 'greeting' value is 70000 bytes; the limit is 65536 bytes");
    assertThatThrownBy(() -> ConfigKey.builder("Bad Name", ConfigType.STRING).defaultValue("").build())
        .hasMessageContaining("Config key name 'Bad Name' is not valid");
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConfigKey<Object> wrongType = (ConfigKey) MULTIPLIER;
    assertThatThrownBy(() -> config.set(wrongType, ConfigScope.global(), "two"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("Config key 'multiplier' holds double values, not String.");
    assertThat(config.get(MULTIPLIER, ConfigScope.global())).isEqualTo(1.0);
  }

  @Test
  void aStoredValueThatNoLongerParsesNamesTheKeyAndTheFix(TestSchema schema) {
    StorageService storage = backend.forPlugin("drift");
    ConfigKey<String> asText = ConfigKey.builder("level", ConfigType.STRING).defaultValue("1").build();
    ConfigKey<Long> asNumber = ConfigKey.builder("level", ConfigType.LONG).defaultValue(1L).build();
    storage.config().set(asText, ConfigScope.global(), "high");
    assertThatThrownBy(() -> storage.config().get(asNumber, ConfigScope.global()))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin drift: the stored value of config key 'level'")
        .hasMessageContaining("set it again or clear it");
  }

  @Test
  void listenersHearLocalChangesUntilCancelled() {
    ConfigStore config = backend.forPlugin("listen").config();
    List<ConfigChangedEvent> events = new CopyOnWriteArrayList<>();
    Subscription subscription = config.addListener(events::add);
    config.set(MULTIPLIER, ConfigScope.guild(1), 2.0);
    config.clear(MULTIPLIER, ConfigScope.guild(1));
    backend.forPlugin("other").config().set(MULTIPLIER, ConfigScope.guild(1), 2.0);
    subscription.cancel();
    config.set(MULTIPLIER, ConfigScope.guild(2), 2.0);
    assertThat(events).containsExactly(
        new ConfigChangedEvent("listen", "multiplier", ConfigScope.guild(1)),
        new ConfigChangedEvent("listen", "multiplier", ConfigScope.guild(1)));
  }

  @Test
  void registeredKeysAreListedAndConflictingDefinitionsRefused() {
    ConfigStore config = backend.forPlugin("registry").config();
    config.register(MULTIPLIER, MODE);
    config.register(MULTIPLIER);
    assertThat(config.keys()).containsExactly(MULTIPLIER, MODE);
    ConfigKey<Double> other = ConfigKey.builder("multiplier", ConfigType.DOUBLE).defaultValue(2.0).build();
    assertThatThrownBy(() -> config.register(other))
        .hasMessageContaining("config key 'multiplier' is registered twice with different definitions");
  }

  @Test
  void aValueThatCannotBeStoredOrShownIsRefusedNamingTheKeyAndTheCharacter() {
    ConfigStore config = backend.forPlugin("texts").config();
    config.register(GREETING);
    ConfigScope guild = ConfigScope.guild(71);

    assertThatThrownBy(() -> config.set(GREETING, guild, "hi\u0000"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("Config key 'greeting' cannot hold the NUL character (U+0000) at position 3, which cannot be stored and"
            + " shown; remove it.");
    assertThatThrownBy(() -> GREETING.parse("hi\u001b[31m")).isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("the control character U+001B at position 3");
    assertThat(config.find(GREETING, guild)).isEmpty();
    config.set(GREETING, guild, "two\nlines\tand a \uD83D\uDE00");
    assertThat(config.get(GREETING, guild)).isEqualTo("two\nlines\tand a \uD83D\uDE00");
  }
}
