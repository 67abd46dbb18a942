package dev.cogwheel.storage.postgres.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.StorageSettings;
import dev.cogwheel.storage.migration.ChangeClass;
import dev.cogwheel.storage.migration.MigrationSource;
import dev.cogwheel.storage.migration.SchemaMigrations;
import dev.cogwheel.storage.migration.SourceState;
import dev.cogwheel.storage.migration.SourceStatus;
import dev.cogwheel.storage.postgres.PostgresSettings;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class MigrationSmokeTest {

  @Test
  void additiveAppliesAndDestructiveWaitsForApproval(TestSchema schema, @TempDir Path plugin) throws Exception {
    Path dir = Files.createDirectories(plugin.resolve("db/changelog/xp"));
    Files.writeString(dir.resolve("changelog.yaml"), """
        databaseChangeLog:
          - changeSet:
              id: 1
              author: xp
              changes:
                - createTable:
                    tableName: xp_members
                    columns:
                      - column: {name: pid, type: char(64), constraints: {primaryKey: true}}
                      - column: {name: xp, type: bigint, defaultValueNumeric: 0}
                      - column: {name: level, type: int}
          - changeSet:
              id: 2
              author: xp
              changes:
                - dropColumn: {tableName: xp_members, columnName: level}
        """);
    Map<String, String> settings = Map.of(
        PostgresSettings.URL, schema.server().jdbcUrl(), PostgresSettings.USER, schema.user(),
        PostgresSettings.SCHEMA, schema.name(), PostgresSettings.POOL_SIZE, "2");
    try (PostgresStorageBackend backend = PostgresStorageBackend.open(StorageSettings.of(settings))) {
      SchemaMigrations migrations = backend.migrations();
      migrations.register(MigrationSource.of("xp", plugin));
      SourceStatus before = migrations.status("xp");
      assertThat(before.state()).isEqualTo(SourceState.WAITING_APPROVAL);
      assertThat(before.pending()).extracting(p -> p.changeClass()).containsExactly(ChangeClass.ADDITIVE, ChangeClass.DESTRUCTIVE);
      assertThat(before.problem()).contains("cogwheel db approve xp:2");

      var result = migrations.upgrade("xp", false);
      assertThat(result.appliedNow()).containsExactly(0, 1);
      assertThat(migrations.status("xp").state()).isEqualTo(SourceState.WAITING_APPROVAL);

      migrations.approve("xp:2", "tester");
      migrations.upgrade(null, false);
      assertThat(migrations.status("xp").state()).isEqualTo(SourceState.UP_TO_DATE);
      assertThat(migrations.status(SchemaMigrations.CORE).state()).isEqualTo(SourceState.UP_TO_DATE);
      assertThat(migrations.history()).extracting(h -> h.source()).contains("cogwheel", "xp");
    }
  }
}
