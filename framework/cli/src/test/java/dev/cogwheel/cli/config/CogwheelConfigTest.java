package dev.cogwheel.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.cli.logging.LogFormat;
import dev.cogwheel.panel.PanelServer;
import dev.cogwheel.runtime.metrics.MetricsServer;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class CogwheelConfigTest {

  @TempDir
  Path dir;

  private Path file(String content) throws Exception {
    return Files.writeString(dir.resolve("cogwheel.properties"), content);
  }

  @Test
  void environmentVariablesOverrideTheFile() throws Exception {
    Path file = file("""
        database.url=jdbc:postgresql://db:5432/bot
        database.schema=fromfile
        database.pool-size=7
        plugins.directory=/opt/bot/plugins
        """);

    CogwheelConfig config = CogwheelConfig.load(file, Map.of(
        "DB_SCHEMA", "fromenv", "COGWHEEL_PLUGINS_DIR", "/srv/plugins", "COGWHEEL_BACKUP_DIR", "/srv/backups",
        "REDIS_URL", "redis://cache:6379", "DATABASE_USER", " bot ", "UNRELATED", "x"));

    assertThat(config.file()).contains(file);
    assertThat(config.storageSettings().values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "database.url", "jdbc:postgresql://db:5432/bot", "database.schema", "fromenv", "database.pool-size", "7",
        "backup.directory", "/srv/backups", "ephemeral.redis.url", "redis://cache:6379", "database.user", "bot"));
    assertThat(config.pluginsDirectory()).isEqualTo(Path.of("/srv/plugins"));
  }

  @Test
  void secretsCanBeGivenAsFilesTheWayDockerSecretsAndSystemdCredentialsAre() throws Exception {
    Path token = Files.writeString(dir.resolve("discord-token"), "token-from-a-file\n");
    Path password = Files.writeString(dir.resolve("db-password"), "  pass word  \r\n");
    Path secret = Files.writeString(dir.resolve("pid-secret"), "s".repeat(48));

    CogwheelConfig config = CogwheelConfig.load(null, Map.of(
        "DATABASE_URL", "jdbc:postgresql://db/bot", "DISCORD_TOKEN_FILE", token.toString(),
        "DATABASE_PASSWORD_FILE", password.toString(), "COGWHEEL_PID_SECRET_FILE", secret.toString()));

    assertThat(config.find("discord.token")).contains("token-from-a-file");
    assertThat(config.find("database.password")).contains("pass word");
    assertThat(config.find("pid.secret")).contains("s".repeat(48));
    assertThat(config.secrets(Map.of())).containsValues("token-from-a-file", "pass word", "s".repeat(48));
    assertThat(config.toString()).doesNotContain("token-from-a-file", "pass word");
  }

  @Test
  void aSecretFileThatIsMissingEmptyOrGivenTwiceIsRefusedWithoutShowingTheSecret() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path token = Files.writeString(dir.resolve("token"), "hunter2");
    Map<String, String> base = Map.of("DATABASE_URL", "jdbc:postgresql://db/bot");

    assertThatThrownBy(() -> CogwheelConfig.load(null, with(base, "DISCORD_TOKEN_FILE", dir.resolve("absent").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DISCORD_TOKEN_FILE names " + dir.resolve("absent") + ", which cannot be read")
        .hasMessageContaining("the bot's user may read it");
    assertThatThrownBy(() -> CogwheelConfig.load(null, with(base, "DATABASE_PASSWORD_FILE", empty.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("DATABASE_PASSWORD_FILE names " + empty + ", which is empty; write the value of DATABASE_PASSWORD into it.");
    Map<String, String> both = with(with(base, "DISCORD_TOKEN_FILE", token.toString()), "DISCORD_TOKEN", "hunter3");
    assertThatThrownBy(() -> CogwheelConfig.load(null, both))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DISCORD_TOKEN and DISCORD_TOKEN_FILE are both set; keep one")
        .hasMessageNotContaining("hunter");
  }

  @Test
  void aSecretFileFarLargerThanAValueIsRefused() throws Exception {
    Path big = Files.writeString(dir.resolve("big"), "x".repeat(70_000));

    assertThatThrownBy(() -> CogwheelConfig.load(null, Map.of("DATABASE_URL_FILE", big.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("DATABASE_URL_FILE names " + big + ", which is larger than 65536 bytes; it must hold only the value of"
            + " DATABASE_URL.");
  }

  private static Map<String, String> with(Map<String, String> environment, String name, String value) {
    Map<String, String> changed = new java.util.HashMap<>(environment);
    changed.put(name, value);
    return changed;
  }

  @Test
  void blankEnvironmentVariablesDoNotOverride() throws Exception {
    CogwheelConfig config = CogwheelConfig.load(file("database.url=jdbc:postgresql://db/bot\n"),
        Map.of("DATABASE_URL", "  ", "DB_SCHEMA", ""));

    assertThat(config.find("database.url")).contains("jdbc:postgresql://db/bot");
    assertThat(config.find("database.schema")).isEmpty();
    assertThat(config.pluginsDirectory()).isEqualTo(Path.of("plugins"));
  }

  @Test
  void theEnvironmentAloneIsEnough() {
    CogwheelConfig config = CogwheelConfig.load(null, Map.of("DATABASE_URL", "postgres://u:p@db/bot"));

    assertThat(config.file()).isEmpty();
    assertThat(config.find("database.url")).contains("postgres://u:p@db/bot");
  }

  @Test
  void anUnknownSettingNamesTheFileAndTheClosestKnownSetting() throws Exception {
    Path file = file("database.url=jdbc:postgresql://db/bot\ndatabase.pool_size=4\npid-secret=x\n");

    assertThatThrownBy(() -> CogwheelConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown setting 'database.pool_size' in " + file + "; did you mean 'database.pool-size'?")
        .hasMessageContaining("Unknown setting 'pid-secret' in " + file + "; did you mean 'pid.secret'?")
        .hasMessageContaining("The settings are: database.url, ");
  }

  @Test
  void aMissingDatabaseUrlSaysToSetTheVariableOrTheSetting() throws Exception {
    Path file = file("database.schema=bot\n");

    assertThatThrownBy(() -> CogwheelConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("database.url is not set: set the DATABASE_URL environment variable, or database.url in " + file);
  }

  @Test
  void aNamedFileThatDoesNotExistIsAnError() {
    assertThatThrownBy(() -> CogwheelConfig.load(dir.resolve("nope.properties"), Map.of("DATABASE_URL", "jdbc:postgresql://db/bot")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties does not exist");
  }

  @Test
  void secretsAreNeverPrinted() throws Exception {
    CogwheelConfig config = CogwheelConfig.load(file("database.password=hunter2\n"), Map.of(
        "DATABASE_URL", "postgres://bot:urlpass@db/bot", "COGWHEEL_PID_SECRET", "0123456789abcdef0123456789abcdefXYZ",
        "REDIS_URL", "redis://:redispass@cache", "DB_SCHEMA", "bot"));

    assertThat(config.toString()).contains("database.schema=bot").contains("database.url=<hidden>")
        .doesNotContain("hunter2").doesNotContain("urlpass").doesNotContain("XYZ").doesNotContain("redispass");
  }

  @Test
  void everySettingOfThePostgresBackendIsKnown() throws IllegalAccessException {
    List<String> backendSettings = new ArrayList<>();
    for (Field field : PostgresSettings.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        backendSettings.add((String) field.get(null));
      }
    }

    assertThat(backendSettings).isNotEmpty();
    assertThat(CogwheelConfig.STORAGE_KEYS).containsExactlyInAnyOrderElementsOf(backendSettings);
    assertThat(CogwheelConfig.ENVIRONMENT.values()).allMatch(
        key -> CogwheelConfig.STORAGE_KEYS.contains(key) || CogwheelConfig.RUNTIME_KEYS.contains(key));
    assertThat(Arrays.asList("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "DB_SCHEMA", "REDIS_URL",
        "COGWHEEL_PID_SECRET", "COGWHEEL_BACKUP_DIR", "COGWHEEL_PLUGINS_DIR", "DISCORD_TOKEN", "COGWHEEL_LOG_FORMAT",
        "COGWHEEL_LOG_LEVEL", "COGWHEEL_PANEL_OAUTH_SECRET"))
        .containsExactlyElementsOf(CogwheelConfig.ENVIRONMENT.keySet());
  }

  @Test
  void pluginRuntimeSettingsAndEachPluginsOwnSettings() throws Exception {
    CogwheelConfig config = CogwheelConfig.load(file("""
        database.url=jdbc:postgresql://db/bot
        plugins.database-access=banking, legacy
        plugins.handler-timeout=3s
        plugins.handler-threads=2
        migrations.backup=false
        plugin.weather.api-key=abc123
        plugin.weather.units=metric
        """), Map.of());

    var runtime = config.pluginRuntimeSettings("1.0.0");

    assertThat(runtime.databaseAccess()).containsExactlyInAnyOrder("banking", "legacy");
    assertThat(runtime.handlerTimeout()).hasSeconds(3);
    assertThat(runtime.drainTimeout()).hasSeconds(10);
    assertThat(runtime.handlerThreads()).isEqualTo(2);
    assertThat(runtime.backupBeforeMigrations()).isFalse();
    assertThat(runtime.pluginSettings()).containsExactly(Map.entry("weather", Map.of("api-key", "abc123", "units", "metric")));
    assertThat(config.storageSettings().values()).containsOnlyKeys("database.url");
    assertThat(config.toString()).doesNotContain("abc123");
  }

  @Test
  void badRuntimeValuesNameTheSettingAndWhatIsAllowed() throws Exception {
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nplugins.handler-timeout=soon\n"), Map.of()))
        .hasMessage("plugins.handler-timeout is 'soon'; use a duration like 500ms, 10s, 2m, 1h or PT0.5S.");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nplugins.handler-threads=0\n"), Map.of()))
        .hasMessage("plugins.handler-threads is '0'; use a whole number from 1 to 64.");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nplugins.database-access=Bank Ing\n"), Map.of()))
        .hasMessageStartingWith("plugins.database-access lists 'Bank Ing', which is not a plugin id");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nmigrations.backup=yes\n"), Map.of()))
        .hasMessage("migrations.backup is 'yes'; use true or false.");
  }

  @Test
  void logSettingsDefaultToPlainAtInfoAndTheEnvironmentOverridesThem() throws Exception {
    CogwheelConfig defaults = CogwheelConfig.load(null, Map.of("DATABASE_URL", "jdbc:postgresql://db/bot"));
    CogwheelConfig set = CogwheelConfig.load(file("database.url=jdbc:postgresql://db/bot\nlog.format=plain\nlog.level=warn\n"
        + "log.redact=OPENAI_API_KEY, plugin.weather.api-key\n"), Map.of("COGWHEEL_LOG_FORMAT", "JSON"));

    assertThat(defaults.logFormat()).isEqualTo(LogFormat.PLAIN);
    assertThat(defaults.logLevel()).isEqualTo(Level.INFO);
    assertThat(defaults.redactedNames()).isEmpty();
    assertThat(set.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(set.logLevel()).isEqualTo(Level.WARN);
    assertThat(set.redactedNames()).containsExactly("OPENAI_API_KEY", "plugin.weather.api-key");
    assertThat(set.storageSettings().values()).containsOnlyKeys("database.url");
  }

  @Test
  void aBadLogSettingNamesItAndWhatIsAllowed() throws Exception {
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=jdbc:postgresql://db/bot\nlog.format=xml\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("log.format is 'xml'; use plain or json.");
    assertThatThrownBy(() -> CogwheelConfig.load(null, Map.of("DATABASE_URL", "jdbc:postgresql://db/bot", "COGWHEEL_LOG_LEVEL", "loud")))
        .isInstanceOf(ConfigException.class).hasMessage("log.level is 'loud'; use error, warn, info, debug or trace.");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=jdbc:postgresql://db/bot\nlog.redact=sk-live 123\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("log.redact lists 'sk-live 123', which is not a setting or"
            + " environment variable name; list names, not values");
  }

  @Test
  void metricsAreOffUnlessAPortIsSetAndListenOnThisMachineByDefault() throws Exception {
    CogwheelConfig defaults = CogwheelConfig.load(null, Map.of("DATABASE_URL", "jdbc:postgresql://db/bot"));
    CogwheelConfig on = CogwheelConfig.load(file("database.url=jdbc:postgresql://db/bot\nmetrics.port=9464\n"), Map.of());
    CogwheelConfig everywhere = CogwheelConfig.load(file("database.url=jdbc:postgresql://db/bot\nmetrics.port=9464\n"
        + "metrics.bind=0.0.0.0\n"), Map.of());

    assertThat(defaults.metricsSettings()).isEmpty();
    assertThat(on.metricsSettings()).contains(new MetricsServer.Settings("127.0.0.1", 9464));
    assertThat(everywhere.metricsSettings()).contains(new MetricsServer.Settings("0.0.0.0", 9464));
    assertThat(everywhere.storageSettings().values()).containsOnlyKeys("database.url");
  }

  @Test
  void aBadMetricsSettingNamesItAndWhatIsAllowed() throws Exception {
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nmetrics.port=0\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("metrics.port is '0'; use a whole number from 1 to 65535.");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nmetrics.port=prometheus\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("metrics.port is 'prometheus'; use a whole number from 1 to 65535.");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nmetrics.port=9464\nmetrics.bind=http://0.0.0.0/\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("metrics.bind is 'http://0.0.0.0/', which is not an address;");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\nmetrics.bind=0.0.0.0\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("metrics.bind is set but metrics.port is not, so metrics are off;");
  }

  @Test
  void thePanelIsOffUnlessAPortIsSetAndBadSettingsNameThemselves() throws Exception {
    assertThat(CogwheelConfig.load(null, Map.of("DATABASE_URL", "jdbc:postgresql://db/bot")).panelSettings()).isEmpty();
    assertThat(CogwheelConfig.load(file("database.url=x\npanel.port=8470\n"), Map.of()).panelSettings())
        .contains(new PanelServer.Settings("127.0.0.1", 8470));
    CogwheelConfig everywhere = CogwheelConfig.load(file("database.url=x\npanel.port=8470\npanel.bind=0.0.0.0\n"), Map.of());
    assertThat(everywhere.panelSettings()).contains(new PanelServer.Settings("0.0.0.0", 8470));
    assertThat(everywhere.storageSettings().values()).containsOnlyKeys("database.url");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\npanel.port=70000\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("panel.port is '70000'; use a whole number from 1 to 65535.");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\npanel.bind=0.0.0.0\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("panel.bind is set but panel.port is not, so the panel is off;");
  }

  @Test
  void signInWithDiscordNeedsTheClientItsSecretAndARedirect() throws Exception {
    CogwheelConfig on = CogwheelConfig.load(file("database.url=x\npanel.port=8470\npanel.oauth.client-id=123\n"
        + "panel.oauth.redirect-uri=https://panel.example.com/api/v1/oauth/callback\n"), Map.of("COGWHEEL_PANEL_OAUTH_SECRET", "s3cret"));
    assertThat(on.panelSettings().orElseThrow().discord()).contains(new PanelServer.DiscordLogin("123", "s3cret",
        "https://panel.example.com/api/v1/oauth/callback", "https://discord.com"));
    assertThat(on.toString()).doesNotContain("s3cret");
    assertThat(CogwheelConfig.isSecret("panel.oauth.client-secret")).isTrue();
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\npanel.port=8470\npanel.oauth.client-id=123\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("panel.oauth.client-secret is not set;");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\npanel.port=8470\npanel.oauth.client-id=123\n"
        + "panel.oauth.client-secret=s\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("panel.oauth.redirect-uri is not set;");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\npanel.port=8470\npanel.oauth.client-id=123\n"
        + "panel.oauth.client-secret=s\npanel.oauth.redirect-uri=panel/callback\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("panel.oauth.redirect-uri is 'panel/callback', which is not an http:// or https:// URL.");
    assertThatThrownBy(() -> CogwheelConfig.load(file("database.url=x\npanel.port=8470\npanel.oauth.client-secret=s\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("panel.oauth.client-secret set without panel.oauth.client-id");
  }
}
