package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testing.postgres.EmbeddedServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a real PostgreSQL server under a running backend: calls must fail fast as unavailable, and
 * work again once the server is back, with nothing restarted on our side.
 */
class DatabaseOutageTest {

  record Counter(String name, long hits) {}

  static final ConfigKey<String> MOTD = ConfigKey.builder("motd", ConfigType.STRING).defaultValue("none").build();
  /** A hang guard, far above the configured timeouts; it is not a performance assertion. */
  static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @Test
  void callsFailAsUnavailableWhileTheDatabaseIsDownAndRecoverWhenItIsBack(@TempDir Path dir) throws Exception {
    try (EmbeddedServer server = EmbeddedServer.create(dir.resolve("pg"), 0)) {
      server.start();
      try (Connection c = server.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA outage");
        s.execute("CREATE TABLE outage.stats_counters (name text PRIMARY KEY, hits bigint NOT NULL DEFAULT 0)");
      }
      Map<String, String> settings = Map.of(
          PostgresSettings.URL, server.jdbcUrl(),
          PostgresSettings.USER, server.user(),
          PostgresSettings.SCHEMA, "outage",
          PostgresSettings.POOL_SIZE, "2",
          PostgresSettings.CONNECTION_TIMEOUT, "1s",
          PostgresSettings.SOCKET_TIMEOUT, "5s");
      try (PostgresStorageBackend backend = PostgresStorageBackend.open(StorageSettings.of(settings))) {
        StorageService stats = backend.forPlugin("stats");
        stats.config().set(MOTD, ConfigScope.global(), "hello");
        stats.state().put("k", "v");
        Table<Counter> counters = stats.table("stats_counters", Counter.class);
        counters.increment(Key.of("a"), "hits", 1);

        server.stop();

        assertTimeoutPreemptively(HANG_GUARD, () -> {
          assertUnavailable(() -> stats.state().find("k"));
          assertUnavailable(() -> stats.config().get(MOTD, ConfigScope.guild(1)));
          assertUnavailable(() -> stats.table("stats_counters", Counter.class));
          assertUnavailable(() -> stats.withTransaction(tx -> tx.state().put("k", "w")));
        });
        CompletableFuture<Long> increment = counters.incrementAsync(Key.of("a"), "hits", 1);
        assertThat(increment).failsWithin(HANG_GUARD).withThrowableThat().havingCause()
            .isInstanceOf(StorageUnavailableException.class);

        server.start();

        assertThat(eventually(() -> stats.state().find("k").orElseThrow().value())).isEqualTo("v");
        assertThat(counters.increment(Key.of("a"), "hits", 1)).isEqualTo(2);
        assertThat(backend.configBus().awaitListening(HANG_GUARD)).isTrue();
        assertThat(stats.config().get(MOTD, ConfigScope.guild(1))).isEqualTo("hello");
      }
    }
  }

  private static void assertUnavailable(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("plugin stats")
        .hasMessageNotContaining("jdbc:postgresql");
  }

  /**
   * Retries until the pool has replaced its broken connections, bounded by the hang guard. Each failed
   * attempt itself waits up to the connection timeout for the pool to add a connection.
   */
  private static <T> T eventually(Supplier<T> call) {
    long deadline = System.nanoTime() + HANG_GUARD.toNanos();
    while (true) {
      try {
        return call.get();
      } catch (StorageUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }
}
