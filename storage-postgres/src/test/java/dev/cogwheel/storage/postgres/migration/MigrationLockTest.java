package dev.cogwheel.storage.postgres.migration;

import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.appliedNow;
import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.createTable;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.rows;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.spi.migration.MigrationSource;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one schema, and locks left behind by a crashed one. A held Liquibase lock makes
 * an upgrade wait a minute before failing, and that wait ignores interrupts, so the tests run in a
 * separate thread that JUnit abandons at the timeout.
 */
@ExtendWith({PostgresExtension.class, PublicSchemaGuard.class})
class MigrationLockTest {

  @TempDir Path plugins;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void concurrentUpgradesOfTwoProcessesApplyEveryChangesetOnce() throws Exception {
    List<MigrationSource> sources = List.of(
        PluginFixture.of("race").changelog(createTable("race", "race_laps") + """
              - changeSet:
                  id: 2
                  author: race
                  changes:
                    - addColumn:
                        tableName: race_laps
                        columns:
                          - column: {name: millis, type: bigint, defaultValueNumeric: 0}
              - changeSet:
                  id: 3
                  author: race
                  changes:
                    - createIndex: {tableName: race_laps, indexName: race_laps_pid_idx, columns: [{column: {name: pid}}]}
            """).jarSource(plugins),
        PluginFixture.of("pit", "race").changelog(createTable("pit", "pit_stops")).classesDirectorySource(plugins));
    try (TestSchema shared = TestPostgres.get().createSchema("migration_race");
        PostgresStorageBackend first = MigrationBackends.open(shared);
        PostgresStorageBackend second = MigrationBackends.open(shared)) {
      sources.forEach(first.migrations()::register);
      sources.forEach(second.migrations()::register);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        Future<UpgradeResult> one = threads.submit(upgradeAfter(start, first.migrations()));
        Future<UpgradeResult> two = threads.submit(upgradeAfter(start, second.migrations()));
        start.countDown();
        UpgradeResult a = one.get(50, TimeUnit.SECONDS);
        UpgradeResult b = two.get(50, TimeUnit.SECONDS);

        assertThat(appliedNow(a, "race") + appliedNow(b, "race")).isEqualTo(3);
        assertThat(appliedNow(a, "pit") + appliedNow(b, "pit")).isEqualTo(1);
        assertThat(a.sources()).extracting(SourceStatus::state).containsOnly(SourceState.UP_TO_DATE);
        assertThat(b.sources()).extracting(SourceStatus::state).containsOnly(SourceState.UP_TO_DATE);
      } finally {
        threads.shutdownNow();
      }
      assertThat(rows(shared, "SELECT filename || '::' || id || '::' || count(*) FROM databasechangelog"
          + " WHERE filename LIKE 'plugins/%' GROUP BY filename, id ORDER BY 1")).containsExactly(
          "plugins/pit/changelog.yaml::1::1", "plugins/race/changelog.yaml::1::1", "plugins/race/changelog.yaml::2::1",
          "plugins/race/changelog.yaml::3::1");
      assertThat(rows(shared, "SELECT count(*) - count(DISTINCT (filename, id, author)) FROM databasechangelog"))
          .as("no changeset recorded twice, the core's included").containsExactly("0");
    }
  }

  private static Callable<UpgradeResult> upgradeAfter(CountDownLatch start, SchemaMigrations migrations) {
    return () -> {
      start.await();
      return migrations.upgrade(null, false);
    };
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void staleLiquibaseLockIsTakenOverAndAFreshOneIsReleasedOnlyOnRequest(TestSchema schema) {
    try (PostgresStorageBackend backend = MigrationBackends.open(schema, Map.of(PostgresSettings.MIGRATION_LOCK_TTL, "1m"))) {
      SchemaMigrations migrations = backend.migrations();
      migrations.register(PluginFixture.of("crash").changelog(createTable("crash", "crash_reports")).jarSource(plugins));
      sql(schema, "UPDATE databasechangeloglock SET locked = true, lockgranted = now() - interval '1 hour',"
          + " lockedby = 'crashed-host (10.0.0.9)'");

      UpgradeResult result = migrations.upgrade(null, false);

      assertThat(appliedNow(result, "crash")).isEqualTo(1);
      assertThat(rows(schema, "SELECT locked FROM databasechangeloglock")).containsExactly("f");

      sql(schema, "UPDATE databasechangeloglock SET locked = true, lockgranted = now(), lockedby = 'busy-host (10.0.0.8)'");
      assertThat(migrations.status("crash").state()).isEqualTo(SourceState.UP_TO_DATE);
      assertThat(rows(schema, "SELECT locked || ' ' || lockedby FROM databasechangeloglock"))
          .as("a lock younger than migrations.lock-ttl is left to its holder").containsExactly("true busy-host (10.0.0.8)");

      assertThat(migrations.releaseLocks()).isTrue();
      assertThat(rows(schema, "SELECT locked FROM databasechangeloglock")).containsExactly("f");
      assertThat(migrations.releaseLocks()).isFalse();
    }
  }
}
