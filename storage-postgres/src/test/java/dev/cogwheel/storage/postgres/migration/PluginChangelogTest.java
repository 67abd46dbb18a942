package dev.cogwheel.storage.postgres.migration;

import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.appliedNow;
import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.createTable;
import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.status;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.columns;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.rows;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.sql;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.tableExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.spi.migration.AppliedChangeset;
import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.MigrationSource;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How plugin changelogs live with the engine: broken and edited changelogs, rollbacks, identity across
 * jar and classes directory, dependency order and baselines. The tests share one backend and schema;
 * each registers plugins of its own and unregisters them afterwards, so {@code upgrade(null, ...)}
 * sees only the test's plugins.
 */
@ExtendWith({PostgresExtension.class, PublicSchemaGuard.class})
class PluginChangelogTest {

  private static PostgresStorageBackend backend;
  private static SchemaMigrations migrations;
  private static TestSchema schema;

  private final List<String> registered = new ArrayList<>();

  @TempDir Path plugins;

  @BeforeAll
  static void open(TestSchema testSchema) {
    schema = testSchema;
    backend = MigrationBackends.open(schema);
    migrations = backend.migrations();
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @AfterEach
  void unregister() {
    registered.forEach(migrations::unregister);
  }

  private void register(MigrationSource source) {
    registered.add(source.pluginId());
    migrations.register(source);
  }

  @Test
  void malformedChangelogBlocksItsPluginAndItsDependentsOnly() {
    register(PluginFixture.of("broken").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: broken
              changes:
                - createTable: {tableName: broken_t, columns: [{column: {name: id, type: int}}
        """).jarSource(plugins));
    register(PluginFixture.of("needsbroken", "broken").changelog(createTable("needsbroken", "needsbroken_t"))
        .jarSource(plugins));
    register(PluginFixture.of("healthy").changelog(createTable("healthy", "healthy_t")).jarSource(plugins));

    UpgradeResult result = migrations.upgrade(null, false);

    SourceStatus broken = status(result, "broken");
    assertThat(broken.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(broken.problem()).startsWith("changelog plugins/broken/changelog.yaml cannot be read: ")
        .endsWith(". Fix the changelog and reload the plugin.");
    assertThat(appliedNow(result, "broken")).isZero();

    SourceStatus dependent = status(result, "needsbroken");
    assertThat(dependent.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(dependent.problem()).contains("needsbroken: waits for the migrations of broken to complete first");
    assertThat(tableExists(schema, "needsbroken_t")).isFalse();

    assertThat(appliedNow(result, "healthy")).isEqualTo(1);
    assertThat(status(result, "healthy").state()).isEqualTo(SourceState.UP_TO_DATE);
    assertThat(tableExists(schema, "healthy_t")).isTrue();
    assertThat(status(result, SchemaMigrations.CORE).state()).isEqualTo(SourceState.UP_TO_DATE);
  }

  @Test
  void sqlFileMissingFromThePluginBlocksThatPluginOnly() {
    register(PluginFixture.of("nofile").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: nofile
              changes:
                - sqlFile: {path: sql/missing.sql, relativeToChangelogFile: true}
        """).jarSource(plugins));
    register(PluginFixture.of("withfile").changelog(createTable("withfile", "withfile_t")).jarSource(plugins));

    UpgradeResult result = migrations.upgrade(null, false);

    SourceStatus missing = status(result, "nofile");
    assertThat(missing.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(missing.problem()).startsWith("changelog plugins/nofile/changelog.yaml cannot be")
        .contains("missing.sql").endsWith("Fix the changelog and reload the plugin.");
    assertThat(appliedNow(result, "withfile")).isEqualTo(1);
    assertThat(status(result, "withfile").state()).isEqualTo(SourceState.UP_TO_DATE);
  }

  @Test
  void changesetEditedAfterItWasAppliedBlocksItsSourceWithTheWaysOut() {
    register(PluginFixture.of("levels").changelog(createTable("levels", "levels_members")).jarSource(plugins));
    assertThat(appliedNow(migrations.upgrade("levels", false), "levels")).isEqualTo(1);

    // Release 2 edits the shipped changeset 1 (a new column) and adds changeset 2.
    register(PluginFixture.of("levels").version("2.0.0").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: levels
              changes:
                - createTable:
                    tableName: levels_members
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: pid, type: char(64)}
                      - column: {name: xp, type: bigint}
          - changeSet:
              id: 2
              author: levels
              changes:
                - createTable:
                    tableName: levels_roles
                    columns:
                      - column: {name: level, type: int}
        """).jarSource(plugins));

    SourceStatus status = migrations.status("levels");
    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(status.problem())
        .startsWith("changesets were edited after they were applied: levels:1 (applied with checksum ")
        .contains("restore its original content", "put the change in a new changeset", "add validCheckSum with the new checksum");
    UpgradeResult result = migrations.upgrade(null, false);
    assertThat(status(result, "levels").state()).isEqualTo(SourceState.BLOCKED);
    assertThat(appliedNow(result, "levels")).isZero();
    assertThat(tableExists(schema, "levels_roles")).as("nothing of a blocked source applies").isFalse();
    assertThat(columns(schema, "levels_members")).containsExactly("id", "pid");
  }

  @Test
  void rollbackUndoesChangesetsThatHaveOneAndRefusesThoseWithout() {
    register(PluginFixture.of("rb").changelog(createTable("rb", "rb_items") + """
          - changeSet:
              id: 2
              author: rb
              changes:
                - sql: INSERT INTO rb_items (pid) VALUES ('a')
          - changeSet:
              id: 3
              author: rb
              changes:
                - sql: INSERT INTO rb_items (pid) VALUES ('b')
              rollback:
                - sql: DELETE FROM rb_items WHERE pid = 'b'
          - changeSet:
              id: 4
              author: rb
              changes:
                - createTable:
                    tableName: rb_log
                    columns:
                      - column: {name: line, type: text}
        """).jarSource(plugins));

    SourceStatus plan = migrations.status("rb");
    assertThat(plan.pending()).extracting(PendingChangeset::id).containsExactly("1", "2", "3", "4");
    assertThat(plan.pending()).extracting(PendingChangeset::hasRollback).containsExactly(true, false, true, true);
    migrations.approve("rb:2", "alice");
    migrations.approve("rb:3", "alice");
    assertThat(appliedNow(migrations.upgrade("rb", false), "rb")).isEqualTo(4);
    assertThat(tableExists(schema, "rb_log")).isTrue();

    List<AppliedChangeset> rolledBack = migrations.rollback("rb", 2, false);

    assertThat(rolledBack).extracting(AppliedChangeset::id).containsExactly("4", "3");
    assertThat(tableExists(schema, "rb_log")).isFalse();
    assertThat(rows(schema, "SELECT trim(pid) FROM rb_items ORDER BY pid")).containsExactly("a");
    SourceStatus after = migrations.status("rb");
    assertThat(after.applied()).isEqualTo(2);
    assertThat(after.pending()).extracting(PendingChangeset::id).containsExactly("3", "4");

    assertThatThrownBy(() -> migrations.rollback("rb", 1, false))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("Cannot roll back 1 changeset(s) of rb: 2 has no rollback (add a rollback block to it in a new"
            + " release, or write a new changeset that undoes it). Nothing was rolled back.");
    assertThat(rows(schema, "SELECT trim(pid) FROM rb_items")).containsExactly("a");
    assertThat(migrations.status("rb").applied()).isEqualTo(2);
  }

  @Test
  void changesetsKeepTheirIdentityFromJarToClassesDirectory() {
    PluginFixture ident = PluginFixture.of("ident").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: ident
              changes:
                - createTable:
                    tableName: ident_profiles
                    columns:
                      - column: {name: pid, type: char(64), constraints: {primaryKey: true}}
          - include: {file: changes/002-bio.yaml, relativeToChangelogFile: true}
        """).file("changes/002-bio.yaml", """
        databaseChangeLog:
          - changeSet:
              id: 2
              author: ident
              changes:
                - addColumn:
                    tableName: ident_profiles
                    columns:
                      - column: {name: bio, type: text}
        """);
    register(ident.jarSource(plugins));
    assertThat(appliedNow(migrations.upgrade("ident", false), "ident")).isEqualTo(2);

    assertThat(rows(schema, "SELECT filename || ' ' || id || ' ' || labels FROM databasechangelog"
        + " WHERE filename LIKE 'plugins/ident/%' ORDER BY orderexecuted")).containsExactly(
        "plugins/ident/changelog.yaml 1 plugin-ident", "plugins/ident/changes/002-bio.yaml 2 plugin-ident");

    register(ident.classesDirectorySource(plugins));
    SourceStatus fromDirectory = migrations.status("ident");

    assertThat(fromDirectory.logicalPath()).isEqualTo("plugins/ident/changelog.yaml");
    assertThat(fromDirectory.state()).isEqualTo(SourceState.UP_TO_DATE);
    assertThat(fromDirectory.applied()).isEqualTo(2);
    assertThat(fromDirectory.pending()).isEmpty();
    assertThat(appliedNow(migrations.upgrade("ident", false), "ident")).isZero();
    assertThat(migrations.history()).filteredOn(h -> h.source().equals("ident")).extracting(AppliedChangeset::id)
        .containsExactly("1", "2");
  }

  @Test
  void dependenciesApplyFirstWhateverTheRegistrationOrder() {
    register(PluginFixture.of("shop", "bank").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: shop
              changes:
                - createTable:
                    tableName: shop_orders
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: account_id, type: bigint, constraints: {nullable: false}}
                - addForeignKeyConstraint:
                    baseTableName: shop_orders
                    baseColumnNames: account_id
                    constraintName: shop_orders_account_fk
                    referencedTableName: bank_accounts
                    referencedColumnNames: id
        """).jarSource(plugins));
    register(PluginFixture.of("bank").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: bank
              changes:
                - createTable:
                    tableName: bank_accounts
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: owner_pid, type: char(64), constraints: {nullable: false}}
        """).classesDirectorySource(plugins));

    assertThat(migrations.status()).extracting(SourceStatus::source).containsExactly("cogwheel", "bank", "shop");
    assertThat(migrations.status("shop").pending().get(0).changeClass()).isEqualTo(ChangeClass.ADDITIVE);
    UpgradeResult result = migrations.upgrade(null, false);

    assertThat(result.sources()).extracting(SourceStatus::source).containsExactly("cogwheel", "bank", "shop");
    assertThat(result.appliedNow()).containsExactly(0, 1, 1);
    assertThat(rows(schema, "SELECT filename FROM databasechangelog WHERE filename LIKE 'plugins/%'"
        + " AND (filename LIKE 'plugins/bank/%' OR filename LIKE 'plugins/shop/%') ORDER BY orderexecuted"))
        .containsExactly("plugins/bank/changelog.yaml", "plugins/shop/changelog.yaml");
    assertThat(rows(schema, "SELECT conname FROM pg_constraint WHERE contype = 'f'"
        + " AND conrelid = to_regclass('shop_orders')")).containsExactly("shop_orders_account_fk");
  }

  @Test
  void upgradingOnePluginBringsItsDependenciesAlong() {
    register(PluginFixture.of("tickets", "guild").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: tickets
              changes:
                - createTable:
                    tableName: tickets_open
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column:
                          name: category_id
                          type: bigint
                          constraints:
                            nullable: false
                            foreignKeyName: tickets_open_category_fk
                            references: guild_categories(id)
        """).jarSource(plugins));
    register(PluginFixture.of("guild").changelog(createTable("guild", "guild_categories")).jarSource(plugins));
    register(PluginFixture.of("bystander").changelog(createTable("bystander", "bystander_t")).jarSource(plugins));

    UpgradeResult result = migrations.upgrade("tickets", false);

    assertThat(result.sources()).extracting(SourceStatus::source).containsExactly("cogwheel", "guild", "tickets");
    assertThat(result.appliedNow()).containsExactly(0, 1, 1);
    assertThat(tableExists(schema, "guild_categories")).isTrue();
    assertThat(tableExists(schema, "tickets_open")).isTrue();
    assertThat(tableExists(schema, "bystander_t")).as("a plugin tickets does not depend on").isFalse();
    assertThat(migrations.status("bystander").state()).isEqualTo(SourceState.PENDING);
  }

  @Test
  void foreignKeysToPluginsNotDependedOnAreForbidden() {
    register(PluginFixture.of("stalker").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: stalker
              changes:
                - createTable:
                    tableName: stalker_t
                    columns:
                      - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                      - column:
                          name: account_id
                          type: bigint
                          constraints: {references: bank_accounts(id), foreignKeyName: stalker_fk}
          - changeSet:
              id: 2
              author: stalker
              changes:
                - addForeignKeyConstraint:
                    baseTableName: stalker_t
                    baseColumnNames: id
                    constraintName: stalker_fk2
                    referencedTableName: bank_accounts
                    referencedColumnNames: id
        """).jarSource(plugins));

    SourceStatus status = migrations.status("stalker");

    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(status.pending()).extracting(PendingChangeset::changeClass)
        .containsExactly(ChangeClass.FORBIDDEN, ChangeClass.FORBIDDEN);
    assertThat(status.problem()).contains("changeset stalker:1 is forbidden: createTable stalker_t: column account_id"
        + " references bank_accounts, which stalker does not depend on", "changeset stalker:2 is forbidden: "
        + "addForeignKeyConstraint: referencedTableName 'bank_accounts' does not start with stalker_");
  }

  @Test
  void logicalFilePathOutsideThePluginIsForbidden() {
    register(PluginFixture.of("impostor").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 9
              author: xp
              logicalFilePath: plugins/xp/changelog.yaml
              changes:
                - createTable:
                    tableName: impostor_t
                    columns:
                      - column: {name: id, type: int}
        """).jarSource(plugins));

    UpgradeResult result = migrations.upgrade(null, false);

    SourceStatus status = status(result, "impostor");
    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(appliedNow(result, "impostor")).isZero();
    String rule = "logicalFilePath plugins/xp/changelog.yaml is outside plugins/impostor/ (forbidden: a changeset"
        + " recorded under another source's path passes for that source's; keep it under plugins/impostor/)";
    assertThat(status.pending().get(0).changeClass()).isEqualTo(ChangeClass.FORBIDDEN);
    assertThat(status.pending().get(0).reasons()).contains(rule);
    assertThat(status.problem()).contains("changeset impostor:9 is forbidden: " + rule);
    assertThat(rows(schema, "SELECT count(*) FROM databasechangelog WHERE id = '9'")).containsExactly("0");
  }

  @Test
  void baselineMarksChangesetsOfExistingTablesAppliedWithoutRunningThem() {
    sql(schema, "CREATE TABLE xp_members (pid char(64) PRIMARY KEY, xp bigint NOT NULL DEFAULT 0)",
        "INSERT INTO xp_members (pid, xp) VALUES ('p1', 42)");
    register(PluginFixture.of("xp").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: xp
              changes:
                - createTable:
                    tableName: xp_members
                    columns:
                      - column: {name: pid, type: char(64), constraints: {primaryKey: true}}
                      - column: {name: xp, type: bigint, defaultValueNumeric: 0, constraints: {nullable: false}}
          - changeSet:
              id: 2
              author: xp
              changes:
                - sql: UPDATE xp_members SET xp = 0
        """).jarSource(plugins));
    assertThat(migrations.status("xp").state()).isEqualTo(SourceState.WAITING_APPROVAL);

    int marked = migrations.baseline("xp");

    assertThat(marked).isEqualTo(2);
    SourceStatus status = migrations.status("xp");
    assertThat(status.state()).isEqualTo(SourceState.UP_TO_DATE);
    assertThat(status.applied()).isEqualTo(2);
    assertThat(migrations.history()).filteredOn(h -> h.source().equals("xp"))
        .extracting(h -> h.id() + " " + h.execType()).containsExactly("1 MARK_RAN", "2 MARK_RAN");
    assertThat(rows(schema, "SELECT trim(pid) || '=' || xp FROM xp_members")).containsExactly("p1=42");
    assertThat(migrations.baseline("xp")).isZero();
  }
}
