package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.core.Identifiers;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.spi.StorageProvider;
import dev.cogwheel.storage.spi.StorageSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SettingsTest {

  static PostgresSettings parse(String... pairs) {
    Map<String, String> map = new HashMap<>();
    map.put(PostgresSettings.URL, "jdbc:postgresql://db:5432/bot");
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return PostgresSettings.from(StorageSettings.of(map));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    PostgresSettings settings = parse();
    assertThat(settings.schema()).isEqualTo("cfg");
    assertThat(settings.poolSize()).isEqualTo(10);
    assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.redisUrl()).isNull();
    assertThat(settings.configCache()).isTrue();
  }

  @Test
  void aPostgresUrlBecomesAJdbcUrlWithItsCredentialsKeptApart() {
    PostgresSettings settings = parse(PostgresSettings.URL, "postgres://bot:s%40cret@db.internal:6543/cogs?sslmode=require");
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/cogs?sslmode=require");
    assertThat(settings.user()).isEqualTo("bot");
    assertThat(settings.password()).isEqualTo("s@cret");
    assertThat(settings.toString()).doesNotContain("s@cret").doesNotContain("db.internal");
  }

  @Test
  void badValuesNameTheSettingAndWhatIsAllowed() {
    assertThatThrownBy(() -> PostgresSettings.from(StorageSettings.of(Map.of())))
        .isInstanceOf(StorageInvalidException.class).hasMessageStartingWith("database.url is required");
    assertThatThrownBy(() -> parse(PostgresSettings.URL, "mysql://root:hunter2@db/x"))
        .hasMessageStartingWith("database.url must start with jdbc:postgresql:").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> parse(PostgresSettings.SCHEMA, "public"))
        .hasMessageStartingWith("database.schema 'public' is not allowed");
    assertThatThrownBy(() -> parse(PostgresSettings.SCHEMA, "cfg; drop schema cfg"))
        .hasMessageContaining("use 1 to 63 lower-case letters");
    assertThatThrownBy(() -> parse(PostgresSettings.POOL_SIZE, "0"))
        .hasMessage("database.pool-size is '0'; use a whole number from 1 to 200.");
    assertThatThrownBy(() -> parse(PostgresSettings.CONNECTION_TIMEOUT, "soon"))
        .hasMessageStartingWith("database.connection-timeout is 'soon'");
    assertThatThrownBy(() -> parse(PostgresSettings.SOCKET_TIMEOUT, "2h"))
        .hasMessageStartingWith("database.socket-timeout is 2h; use a duration from 1 s to 1 h.");
    assertThatThrownBy(() -> parse(PostgresSettings.REDIS_URL, "http://:pw@redis"))
        .hasMessageStartingWith("ephemeral.redis.url must start with redis://").hasMessageNotContaining("pw@");
    assertThatThrownBy(() -> parse(PostgresSettings.CONFIG_CACHE, "maybe"))
        .hasMessage("config.cache is 'maybe'; use true or false.");
  }

  @Test
  void pluginIdsAreCheckedBeforeTheyReachStorage() {
    assertThatThrownBy(() -> Identifiers.pluginId("Temp-VC"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("Plugin id 'Temp-VC' cannot own storage");
    assertThatThrownBy(() -> Identifiers.pluginId("cogwheel")).hasMessageContaining("reserved");
    assertThat(Identifiers.pluginId("tempvc")).isEqualTo("tempvc");
  }

  @Test
  void theProviderIsFoundWithServiceLoader() {
    assertThat(ServiceLoader.load(StorageProvider.class).stream().map(p -> p.get().name()))
        .containsExactly("postgres");
  }
}
