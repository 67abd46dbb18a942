package dev.cogwheel.storage.postgres.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.storage.spi.migration.DatabaseHealth;
import dev.cogwheel.storage.spi.migration.DatabaseStats;
import dev.cogwheel.storage.spi.migration.TableReport;
import dev.cogwheel.testing.postgres.EmbeddedServer;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class PostgresDatabaseInspectorTest {

  /** A hang guard, far above the configured timeouts; it is not a performance assertion. */
  static final Duration HANG_GUARD = Duration.ofSeconds(60);

  private final TestSchema schema;

  PostgresDatabaseInspectorTest(TestSchema schema) {
    this.schema = schema;
  }

  @Test
  void healthOfALiveBackendReportsTheServerThePoolAndTheListener() throws Exception {
    try (PostgresStorageBackend backend = PgToolsTest.open(schema, Map.of())) {
      assertThat(backend.configBus().awaitListening(HANG_GUARD)).isTrue();
      PostgresDatabaseInspector inspector = inspector(schema, backend);

      DatabaseHealth health = inspector.health();

      assertThat(health.reachable()).isTrue();
      assertThat(health.problem()).isEmpty();
      assertThat(health.serverVersion()).isEqualTo(serverVersion()).matches("\\d+(\\.\\d+)?");
      assertThat(health.schema()).isEqualTo(schema.name());
      assertThat(health.roundTrip()).isPositive().isLessThan(HANG_GUARD);
      // The pool opens its second connection in the background; none is in use once health() returns.
      assertThat(health.poolTotal()).isBetween(1, 2);
      assertThat(health.poolActive()).isZero();
      assertThat(health.poolIdle()).isEqualTo(health.poolTotal());
      assertThat(health.configCacheListening()).isTrue();
    }
  }

  @Test
  void healthOfAStoppedDatabaseSaysSoWithinTheConnectionTimeoutAndDoesNotThrow(@TempDir Path dir) {
    try (EmbeddedServer server = EmbeddedServer.create(dir.resolve("pg"), 0)) {
      server.start();
      Map<String, String> settings = Map.of(
          PostgresSettings.URL, server.jdbcUrl(),
          PostgresSettings.USER, server.user(),
          PostgresSettings.PASSWORD, "pw-Zq81-never-shown",
          PostgresSettings.SCHEMA, "inspected",
          PostgresSettings.POOL_SIZE, "2",
          PostgresSettings.CONNECTION_TIMEOUT, "1s",
          PostgresSettings.SOCKET_TIMEOUT, "5s");
      try (PostgresStorageBackend backend = PostgresStorageBackend.open(StorageSettings.of(settings))) {
        PostgresDatabaseInspector inspector = new PostgresDatabaseInspector(PostgresSettings.from(StorageSettings.of(settings)),
            (HikariDataSource) backend.dataSource(), backend.configBus()::listening);
        assertThat(inspector.health().reachable()).isTrue();

        server.stop();

        DatabaseHealth health = assertTimeoutPreemptively(HANG_GUARD, inspector::health);
        assertThat(health.reachable()).isFalse();
        assertThat(health.problem())
            .startsWith("no connection within 1000 ms: Connection to localhost:" + server.port() + " refused")
            .doesNotContain("jdbc:postgresql", "pw-Zq81-never-shown");
        assertThat(health.serverVersion()).isEmpty();
        assertThat(health.schema()).isEqualTo("inspected");
        // Waiting for a connection is bounded by the pool's timeout, plus the driver's connect attempt.
        assertThat(health.roundTrip()).isLessThan(Duration.ofSeconds(10));
        assertThat(health.poolActive()).isZero();
      }
    }
  }

  @Test
  void tablesListsTheHostsAndPluginsTablesWithOwnerRowsAndSize() throws Exception {
    try (PostgresStorageBackend backend = PgToolsTest.open(schema, Map.of())) {
      try (Connection c = schema.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE xp_members (pid text PRIMARY KEY, xp bigint NOT NULL)");
        s.execute("INSERT INTO xp_members SELECT 'p' || g, g FROM generate_series(1, 500) g");
        s.execute("ANALYZE xp_members");
      }

      List<TableReport> tables = inspector(schema, backend).tables();

      assertThat(tables).extracting(TableReport::name).isSorted()
          .contains("cogwheel_config", "cogwheel_state", "databasechangelog", "databasechangeloglock", "xp_members");
      assertThat(tables).filteredOn(t -> t.name().startsWith("cogwheel_")).isNotEmpty()
          .allSatisfy(t -> assertThat(t.owner()).isEqualTo("cogwheel"));
      assertThat(tables).filteredOn(t -> t.name().startsWith("databasechangelog"))
          .allSatisfy(t -> assertThat(t.owner()).isEqualTo("liquibase"));
      TableReport members = tables.stream().filter(t -> t.name().equals("xp_members")).findFirst().orElseThrow();
      assertThat(members.owner()).isEqualTo("xp");
      assertThat(members.rowEstimate()).isEqualTo(500);
      assertThat(members.totalBytes()).isGreaterThanOrEqualTo(2 * 8192);
      assertThat(tables).allSatisfy(t -> {
        assertThat(t.rowEstimate()).isNotNegative();
        assertThat(t.totalBytes()).isNotNegative();
      });
    }
  }

  @Test
  void ownersFollowTheTablePrefix() {
    assertThat(PostgresDatabaseInspector.owner("cogwheel_config")).isEqualTo("cogwheel");
    assertThat(PostgresDatabaseInspector.owner("databasechangeloglock")).isEqualTo("liquibase");
    assertThat(PostgresDatabaseInspector.owner("temp_vc_rooms")).isEqualTo("temp");
    assertThat(PostgresDatabaseInspector.owner("economy_balances")).isEqualTo("economy");
  }

  @Test
  void statsGivesSaneNumbersForTheSchemaAndDatabase() throws Exception {
    try (PostgresStorageBackend backend = PgToolsTest.open(schema, Map.of())) {
      assertThat(backend.configBus().awaitListening(HANG_GUARD)).isTrue();
      PostgresDatabaseInspector inspector = inspector(schema, backend);
      List<TableReport> tables = inspector.tables();

      DatabaseStats stats = inspector.stats();

      assertThat(stats.tables()).isEqualTo(tables.size()).isPositive();
      assertThat(stats.schemaBytes()).isEqualTo(tables.stream().mapToLong(TableReport::totalBytes).sum()).isPositive();
      assertThat(stats.databaseBytes()).isGreaterThan(stats.schemaBytes());
      // At least the pool's first connection and the config listener are open to this database.
      assertThat(stats.connections()).isGreaterThanOrEqualTo(2);
      assertThat(stats.maxConnections()).isGreaterThanOrEqualTo(stats.connections());
      assertThat(stats.commits()).isPositive();
      assertThat(stats.rollbacks()).isNotNegative();
      assertThat(stats.cacheHitRatio()).isPositive().isLessThanOrEqualTo(1.0);
    }
  }

  private static PostgresDatabaseInspector inspector(TestSchema schema, PostgresStorageBackend backend) {
    PostgresSettings settings = PostgresSettings.from(StorageSettings.of(PgToolsTest.settings(schema, Map.of())));
    return new PostgresDatabaseInspector(settings, (HikariDataSource) backend.dataSource(), backend.configBus()::listening);
  }

  private static String serverVersion() throws Exception {
    try (Connection c = TestPostgres.get().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1).split(" ")[0];
    }
  }
}
