package dev.cogwheel.storage.postgres.migration;

import static dev.cogwheel.storage.postgres.migration.MigrationBackends.columns;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.rows;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.tableExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The review of pending changesets, rule by rule, against real PostgreSQL: what applies on its own,
 * what waits for an approval, what never applies, and what the operator reads about each. Every test
 * uses plugins of its own on one shared backend and schema, and upgrades only its own plugins.
 */
@ExtendWith({PostgresExtension.class, PublicSchemaGuard.class})
class ChangesetReviewTest {

  private static PostgresStorageBackend backend;
  private static SchemaMigrations migrations;
  private static TestSchema schema;

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

  @Test
  void createTableIsAdditiveAndAppliesOnUpgrade() {
    migrations.register(PluginFixture.of("quotes").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: quotes
              changes:
                - createTable:
                    tableName: quotes_entries
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: author_pid, type: char(64)}
                      - column: {name: body, type: text, constraints: {nullable: false}}
        """).jarSource(plugins));

    SourceStatus before = migrations.status("quotes");
    assertThat(before.state()).isEqualTo(SourceState.PENDING);
    assertThat(before.problem()).isEmpty();
    PendingChangeset create = only(before);
    assertThat(create.ref()).isEqualTo("quotes:1");
    assertThat(create.changeClass()).isEqualTo(ChangeClass.ADDITIVE);
    assertThat(create.reasons()).containsExactly("createTable quotes_entries (additive)");
    assertThat(create.mayApply()).isTrue();
    assertThat(create.sql()).anySatisfy(sql -> assertThat(sql).contains("CREATE TABLE").contains("quotes_entries"));

    UpgradeResult result = migrations.upgrade("quotes", false);

    assertThat(appliedNow(result, "quotes")).isEqualTo(1);
    assertThat(result.backup()).isEmpty();
    assertThat(migrations.status("quotes").state()).isEqualTo(SourceState.UP_TO_DATE);
    assertThat(columns(schema, "quotes_entries")).containsExactly("id", "author_pid", "body");
  }

  @Test
  void nullableAndDefaultedColumnsAreAdditive() {
    migrations.register(PluginFixture.of("polls").changelog(createTable("polls", "polls_votes") + """
          - changeSet:
              id: 2
              author: polls
              changes:
                - addColumn:
                    tableName: polls_votes
                    columns:
                      - column: {name: note, type: text}
          - changeSet:
              id: 3
              author: polls
              changes:
                - addColumn:
                    tableName: polls_votes
                    columns:
                      - column: {name: weight, type: int, defaultValueNumeric: 1, constraints: {nullable: false}}
        """).jarSource(plugins));

    SourceStatus before = migrations.status("polls");
    assertThat(before.state()).isEqualTo(SourceState.PENDING);
    assertThat(before.pending()).extracting(PendingChangeset::changeClass)
        .containsExactly(ChangeClass.ADDITIVE, ChangeClass.ADDITIVE, ChangeClass.ADDITIVE);
    String additive = "addColumn polls_votes: nullable or defaulted columns (additive)";
    assertThat(before.pending().get(1).reasons()).containsExactly(additive);
    assertThat(before.pending().get(2).reasons()).containsExactly(additive);

    assertThat(appliedNow(migrations.upgrade("polls", false), "polls")).isEqualTo(3);
    assertThat(migrations.status("polls").state()).isEqualTo(SourceState.UP_TO_DATE);
    assertThat(columns(schema, "polls_votes")).containsExactly("id", "pid", "note", "weight");
  }

  @Test
  void notNullColumnWithoutDefaultIsDestructive() {
    migrations.register(PluginFixture.of("tags").changelog(createTable("tags", "tags_entries") + """
          - changeSet:
              id: 2
              author: tags
              changes:
                - addColumn:
                    tableName: tags_entries
                    columns:
                      - column: {name: owner_pid, type: char(64), constraints: {nullable: false}}
        """).jarSource(plugins));

    UpgradeResult result = migrations.upgrade("tags", false);

    assertThat(appliedNow(result, "tags")).isEqualTo(1);
    SourceStatus status = status(result, "tags");
    assertThat(status.state()).isEqualTo(SourceState.WAITING_APPROVAL);
    PendingChangeset add = only(status);
    assertThat(add.changeClass()).isEqualTo(ChangeClass.DESTRUCTIVE);
    assertThat(add.approved()).isFalse();
    assertThat(add.reasons()).containsExactly("addColumn tags_entries owner_pid: NOT NULL without a default fails on"
        + " existing rows or needs a backfill (destructive)");
    assertThat(status.problem()).isEqualTo("tags:2 (destructive) waits for approval: cogwheel db approve tags:2");
    assertThat(columns(schema, "tags_entries")).containsExactly("id", "pid");
  }

  @Test
  void dropColumnWaitsForAnApprovalTiedToTheChangesetsChecksum() {
    String head = createTable("xp", "xp_members") + """
          - changeSet:
              id: 2
              author: xp
              changes:
                - addColumn:
                    tableName: xp_members
                    columns:
                      - column: {name: level, type: int}
                      - column: {name: rank, type: int}
        """;
    migrations.register(PluginFixture.of("xp").changelog(head + """
          - changeSet:
              id: 3
              author: xp
              changes:
                - dropColumn: {tableName: xp_members, columnName: level}
        """).jarSource(plugins));

    UpgradeResult first = migrations.upgrade("xp", false);

    assertThat(appliedNow(first, "xp")).isEqualTo(2);
    SourceStatus waiting = status(first, "xp");
    assertThat(waiting.state()).isEqualTo(SourceState.WAITING_APPROVAL);
    PendingChangeset drop = only(waiting);
    assertThat(drop.ref()).isEqualTo("xp:3");
    assertThat(drop.changeClass()).isEqualTo(ChangeClass.DESTRUCTIVE);
    assertThat(drop.reasons())
        .containsExactly("dropColumn xp_members: drops, renames, retypes or rewrites existing data (destructive)");
    assertThat(drop.sql()).anySatisfy(sql -> assertThat(sql).contains("DROP COLUMN level"));
    assertThat(waiting.problem()).isEqualTo("xp:3 (destructive) waits for approval: cogwheel db approve xp:3");
    assertThat(columns(schema, "xp_members")).containsExactly("id", "pid", "level", "rank");

    PendingChangeset approved = migrations.approve("xp:3", "alice");
    assertThat(approved.approved()).isTrue();
    assertThat(approved.checksum()).isEqualTo(drop.checksum());
    assertThat(migrations.status("xp").state()).isEqualTo(SourceState.PENDING);

    // The plugin ships an edited changeset 3 before the upgrade: the approval was for other content.
    migrations.register(PluginFixture.of("xp").version("1.0.1").changelog(head + """
          - changeSet:
              id: 3
              author: xp
              changes:
                - dropColumn: {tableName: xp_members, columnName: rank}
        """).jarSource(plugins));
    SourceStatus edited = migrations.status("xp");
    assertThat(edited.state()).isEqualTo(SourceState.WAITING_APPROVAL);
    assertThat(only(edited).approved()).isFalse();
    assertThat(only(edited).checksum()).isNotEqualTo(drop.checksum());
    assertThat(edited.problem()).contains("cogwheel db approve xp:3");
    assertThat(appliedNow(migrations.upgrade("xp", false), "xp")).isZero();
    assertThat(columns(schema, "xp_members")).containsExactly("id", "pid", "level", "rank");

    migrations.approve("xp:3", "bob");
    UpgradeResult second = migrations.upgrade("xp", false);

    assertThat(appliedNow(second, "xp")).isEqualTo(1);
    assertThat(status(second, "xp").state()).isEqualTo(SourceState.UP_TO_DATE);
    assertThat(columns(schema, "xp_members")).containsExactly("id", "pid", "level");
    assertThat(rows(schema, "SELECT approved_by || ' ' || checksum FROM cogwheel_migration_approval"
        + " WHERE source = 'xp' AND changeset_id = '3'")).containsExactly("bob " + only(edited).checksum());
  }

  static Stream<Arguments> destructiveChanges() {
    return Stream.of(
        Arguments.of("renamecol", "renameColumn: {tableName: renamecol_t, oldColumnName: pid, newColumnName: member_pid}",
            "", "renameColumn renamecol_t: drops, renames, retypes or rewrites existing data (destructive)"),
        Arguments.of("renametab", "renameTable: {oldTableName: renametab_t, newTableName: renametab_u}",
            "", "renameTable: drops, renames, retypes or rewrites existing data (destructive)"),
        Arguments.of("retype", "modifyDataType: {tableName: retype_t, columnName: pid, newDataType: varchar(100)}",
            "", "modifyDataType retype_t: drops, renames, retypes or rewrites existing data (destructive)"),
        Arguments.of("wipe", "delete: {tableName: wipe_t, where: \"pid IS NULL\"}",
            "delete wipe_t: where is SQL text, read by the SQL parser (opaque at least)",
            "delete wipe_t: drops, renames, retypes or rewrites existing data (destructive)"),
        Arguments.of("rewrite", "update: {tableName: rewrite_t, columns: [{column: {name: pid, value: x}}]}",
            "", "update rewrite_t: drops, renames, retypes or rewrites existing data (destructive)"),
        Arguments.of("droptab", "dropTable: {tableName: droptab_t}",
            "", "dropTable droptab_t: drops, renames, retypes or rewrites existing data (destructive)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("destructiveChanges")
  void destructiveChangesWaitForApprovalThenApply(String plugin, String change, String sqlText, String reason) {
    migrations.register(PluginFixture.of(plugin).changelog(createTable(plugin, plugin + "_t") + """
          - changeSet:
              id: 2
              author: %s
              changes:
                - %s
        """.formatted(plugin, change)).jarSource(plugins));

    UpgradeResult first = migrations.upgrade(plugin, false);

    assertThat(appliedNow(first, plugin)).isEqualTo(1);
    SourceStatus waiting = status(first, plugin);
    assertThat(waiting.state()).isEqualTo(SourceState.WAITING_APPROVAL);
    assertThat(only(waiting).changeClass()).isEqualTo(ChangeClass.DESTRUCTIVE);
    if (sqlText.isEmpty()) {
      assertThat(only(waiting).reasons()).containsExactly(reason);
    } else {
      assertThat(only(waiting).reasons()).containsExactly(sqlText, reason);
    }
    assertThat(waiting.problem())
        .isEqualTo(plugin + ":2 (destructive) waits for approval: cogwheel db approve " + plugin + ":2");

    migrations.approve(plugin + ":2", "alice");
    UpgradeResult second = migrations.upgrade(plugin, false);

    assertThat(appliedNow(second, plugin)).isEqualTo(1);
    assertThat(status(second, plugin).state()).isEqualTo(SourceState.UP_TO_DATE);
  }

  @Test
  void rawSqlAndSqlFileAreOpaqueAndApplyOnceApproved() {
    migrations.register(PluginFixture.of("notes").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: notes
              changes:
                - sql: CREATE TABLE notes_items (id int PRIMARY KEY, body text NOT NULL)
          - changeSet:
              id: 2
              author: notes
              changes:
                - sqlFile: {path: sql/seed.sql, relativeToChangelogFile: true}
        """).file("sql/seed.sql", "INSERT INTO notes_items (id, body) VALUES (1, 'first'), (2, 'second');\n")
        .jarSource(plugins));

    SourceStatus before = migrations.status("notes");
    assertThat(before.state()).isEqualTo(SourceState.WAITING_APPROVAL);
    assertThat(before.pending()).extracting(PendingChangeset::changeClass)
        .containsExactly(ChangeClass.OPAQUE, ChangeClass.OPAQUE);
    String read = "raw SQL, read by the SQL parser, naming only the plugin's own objects (opaque)";
    assertThat(before.pending().get(0).reasons()).containsExactly("sql: " + read);
    assertThat(before.pending().get(1).reasons()).containsExactly("sqlFile: " + read);
    assertThat(before.pending().get(1).sql()).anySatisfy(sql -> assertThat(sql).contains("INSERT INTO notes_items"));
    assertThat(before.problem()).isEqualTo("notes:1 (opaque) waits for approval: cogwheel db approve notes:1;"
        + " notes:2 (opaque) waits for approval: cogwheel db approve notes:2");
    assertThat(appliedNow(migrations.upgrade("notes", false), "notes")).isZero();
    assertThat(tableExists(schema, "notes_items")).isFalse();

    migrations.approve("notes:1", "alice");
    UpgradeResult partly = migrations.upgrade("notes", false);
    assertThat(appliedNow(partly, "notes")).isEqualTo(1);
    assertThat(status(partly, "notes").state()).isEqualTo(SourceState.WAITING_APPROVAL);
    assertThat(status(partly, "notes").problem()).contains("notes:2").doesNotContain("notes:1");

    migrations.approve("notes:2", "alice");
    assertThat(appliedNow(migrations.upgrade("notes", false), "notes")).isEqualTo(1);
    assertThat(rows(schema, "SELECT body FROM notes_items ORDER BY id")).containsExactly("first", "second");
  }

  @Test
  void createTableInPublicIsForbiddenNeverAppliesAndCannotBeApproved() {
    migrations.register(PluginFixture.of("leak").changelog(createTable("leak", "leak_ok") + """
          - changeSet:
              id: 2
              author: leak
              changes:
                - createTable:
                    schemaName: public
                    tableName: leak_members
                    columns:
                      - column: {name: pid, type: char(64)}
        """).jarSource(plugins));

    UpgradeResult result = migrations.upgrade("leak", false);

    SourceStatus status = status(result, "leak");
    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(appliedNow(result, "leak")).isZero();
    assertThat(status.pending()).extracting(PendingChangeset::changeClass)
        .containsExactly(ChangeClass.ADDITIVE, ChangeClass.FORBIDDEN);
    String rule = "createTable leak_members: schemaName 'public' is outside the instance schema " + schema.name()
        + " (forbidden: leave the schema out; every object goes into the instance schema)";
    assertThat(status.pending().get(1).reasons()).contains(rule);
    assertThat(status.problem()).contains("changeset leak:2 is forbidden: " + rule, "Forbidden changesets never apply");
    assertThat(tableExists(schema, "leak_ok")).as("nothing of a blocked source applies").isFalse();

    assertThatThrownBy(() -> migrations.approve("leak:2", "alice"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("Changeset leak:2 is forbidden and can never be applied: ")
        .hasMessageContaining(rule)
        .hasMessageContaining("Fix the changelog instead.");
    assertThat(migrations.status("leak").pending().get(1).approved()).isFalse();
    assertThat(appliedNow(migrations.upgrade("leak", false), "leak")).isZero();
  }

  static Stream<Arguments> rawSqlNamingPublic() {
    return Stream.of(
        Arguments.of("leaksql", "sql: CREATE TABLE public.leaksql_t (id int)", ""),
        Arguments.of("leakquoted", "sql: INSERT INTO \"public\".\"some_table\" VALUES (1)", ""),
        Arguments.of("leakfile", "sqlFile: {path: leak.sql, relativeToChangelogFile: true}",
            "CREATE TABLE public.leakfile_t (id int);\n"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rawSqlNamingPublic")
  void rawSqlNamingThePublicSchemaIsForbidden(String plugin, String change, String sqlFile) {
    PluginFixture fixture = PluginFixture.of(plugin).changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: %s
              changes:
                - %s
        """.formatted(plugin, change));
    if (!sqlFile.isEmpty()) {
      fixture.file("leak.sql", sqlFile);
    }
    migrations.register(fixture.jarSource(plugins));

    UpgradeResult result = migrations.upgrade(plugin, false);

    SourceStatus status = status(result, plugin);
    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(appliedNow(result, plugin)).isZero();
    assertThat(only(status).changeClass()).isEqualTo(ChangeClass.FORBIDDEN);
    assertThat(only(status).reasons()).anySatisfy(r -> assertThat(r)
        .endsWith("names the public schema (forbidden: Cogwheel never writes outside the instance schema)"));
    assertThat(status.problem()).contains("changeset " + plugin + ":1 is forbidden: ", "names the public schema");
    assertThatThrownBy(() -> migrations.approve(plugin + ":1", "alice"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("Changeset " + plugin + ":1 is forbidden and can never be applied")
        .hasMessageContaining("names the public schema");
  }

  @Test
  void rawSqlThatMovesTheSearchPathIsForbidden() {
    migrations.register(PluginFixture.of("sneaky").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: sneaky
              changes:
                - sql: SET search_path TO public; CREATE TABLE sneaky_t (id int)
        """).jarSource(plugins));

    SourceStatus status = migrations.status("sneaky");

    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(only(status).changeClass()).isEqualTo(ChangeClass.FORBIDDEN);
    assertThat(status.problem()).contains("changeset sneaky:1 is forbidden: ", "search_path");
    assertThatThrownBy(() -> migrations.approve("sneaky:1", "alice"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("sneaky:1 is forbidden");
  }

  @Test
  void alteringAnotherPluginsTableIsForbidden() {
    migrations.register(PluginFixture.of("eco").changelog(createTable("eco", "eco_balances") + """
          - changeSet:
              id: 2
              author: eco
              changes:
                - addColumn:
                    tableName: xp_members
                    columns:
                      - column: {name: coins, type: bigint, defaultValueNumeric: 0}
        """).classesDirectorySource(plugins));

    UpgradeResult result = migrations.upgrade("eco", false);

    SourceStatus status = status(result, "eco");
    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(appliedNow(result, "eco")).isZero();
    assertThat(status.pending().get(1).changeClass()).isEqualTo(ChangeClass.FORBIDDEN);
    String rule = "addColumn xp_members: tableName 'xp_members' does not start with eco_ (forbidden: plugin eco may"
        + " only touch its own objects; other prefixes belong to other plugins)";
    assertThat(status.pending().get(1).reasons()).contains(rule);
    assertThat(status.problem()).contains("changeset eco:2 is forbidden: " + rule);
    assertThatThrownBy(() -> migrations.approve("eco:2", "alice"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("Changeset eco:2 is forbidden and can never be applied: ")
        .hasMessageContaining(rule);
    assertThat(tableExists(schema, "eco_balances")).isFalse();
  }

  static Stream<Arguments> rawUserIdColumns() {
    return Stream.of(
        Arguments.of("rawuser", "createTable", "user_id", "bigint", "user_pid"),
        Arguments.of("rawauthor", "createTable", "author_id", "BIGINT", "author_pid"),
        Arguments.of("rawmember", "addColumn", "member_id", "int8", "member_pid"));
  }

  @ParameterizedTest(name = "{1} {2} {3}")
  @MethodSource("rawUserIdColumns")
  void rawDiscordUserIdColumnsAreForbiddenWithThePidHint(String plugin, String change, String column, String type,
      String pid) {
    String table = plugin + "_t";
    String offendingId = change.equals("createTable") ? "1" : "2";
    String yaml = change.equals("createTable")
        ? """
          databaseChangeLog:
            - changeSet:
                id: 1
                author: %1$s
                changes:
                  - createTable:
                      tableName: %2$s
                      columns:
                        - column: {name: guild_id, type: bigint}
                        - column: {name: %3$s, type: %4$s}
          """.formatted(plugin, table, column, type)
        : createTable(plugin, table) + """
            - changeSet:
                id: 2
                author: %1$s
                changes:
                  - addColumn:
                      tableName: %2$s
                      columns:
                        - column: {name: %3$s, type: %4$s}
          """.formatted(plugin, table, column, type);
    migrations.register(PluginFixture.of(plugin).changelog(yaml).jarSource(plugins));

    UpgradeResult result = migrations.upgrade(plugin, false);

    SourceStatus status = status(result, plugin);
    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(appliedNow(result, plugin)).isZero();
    PendingChangeset offending = status.pending().get(status.pending().size() - 1);
    assertThat(offending.changeClass()).isEqualTo(ChangeClass.FORBIDDEN);
    String rule = change + " " + table + ": column " + column + " " + type + " would store raw Discord user ids"
        + " (forbidden: store the Pid instead, e.g. " + pid + " char(64))";
    assertThat(offending.reasons()).contains(rule);
    assertThat(status.problem()).contains("changeset " + plugin + ":" + offendingId + " is forbidden: " + rule);
    assertThatThrownBy(() -> migrations.approve(plugin + ":" + offendingId, "alice"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining(rule);
    assertThat(tableExists(schema, table)).isFalse();
  }

  @Test
  void pidColumnsAndGuildIdsAreFine() {
    migrations.register(PluginFixture.of("warns").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: warns
              changes:
                - createTable:
                    tableName: warns_records
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: guild_id, type: bigint, constraints: {nullable: false}}
                      - column: {name: user_pid, type: char(64), constraints: {nullable: false}}
                      - column: {name: moderator_pid, type: char(64)}
        """).jarSource(plugins));

    SourceStatus before = migrations.status("warns");
    assertThat(before.state()).isEqualTo(SourceState.PENDING);
    assertThat(only(before).changeClass()).isEqualTo(ChangeClass.ADDITIVE);

    assertThat(appliedNow(migrations.upgrade("warns", false), "warns")).isEqualTo(1);
    assertThat(columns(schema, "warns_records")).containsExactly("id", "guild_id", "user_pid", "moderator_pid");
  }

  // ---------------------------------------------------------------------------------------------

  /** A changelog whose changeset 1 creates {@code table (id, pid)}; further changesets are appended to it. */
  static String createTable(String plugin, String table) {
    return """
        databaseChangeLog:
          - changeSet:
              id: 1
              author: %s
              changes:
                - createTable:
                    tableName: %s
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: pid, type: char(64)}
        """.formatted(plugin, table);
  }

  static PendingChangeset only(SourceStatus status) {
    assertThat(status.pending()).hasSize(1);
    return status.pending().get(0);
  }

  static SourceStatus status(UpgradeResult result, String source) {
    return result.sources().stream().filter(s -> s.source().equals(source)).findFirst()
        .orElseThrow(() -> new AssertionError("no status of " + source + " in " + result.sources()));
  }

  static int appliedNow(UpgradeResult result, String source) {
    for (int i = 0; i < result.sources().size(); i++) {
      if (result.sources().get(i).source().equals(source)) {
        return result.appliedNow().get(i);
      }
    }
    throw new AssertionError("no status of " + source + " in " + result.sources());
  }
}
