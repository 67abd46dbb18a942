package dev.cogwheel.storage.postgres.migration;

import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.appliedNow;
import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.status;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.rows;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Plugin changelogs written by an attacker, one fixture plugin per attack, against real PostgreSQL.
 * Each is reviewed by every review command (status, plan, approve, upgrade, history) and must apply
 * nothing, change nothing and print no secret. Another plugin ({@code victim}) owns a table with a
 * row and a sequence, a neighbouring schema holds a table of its own, and a folder is watched for
 * files: after every attack and after the class, all of them are as they were.
 */
@ExtendWith({PostgresExtension.class, PublicSchemaGuard.class})
class ChangelogAttackTest {

  private static final String SECRET = "s3cret-" + UUID.randomUUID();
  private static final String SECRET_PROPERTY = "cogwheel.attack.secret";

  private static PostgresStorageBackend backend;
  private static SchemaMigrations migrations;
  private static TestSchema schema;
  private static String neighbour;
  private static ListAppender<ILoggingEvent> logs;
  @TempDir static Path watched;
  @TempDir Path plugins;

  @BeforeAll
  static void open(TestSchema testSchema, @TempDir Path victimDir) {
    schema = testSchema;
    System.setProperty(SECRET_PROPERTY, SECRET);
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    backend = MigrationBackends.open(schema);
    migrations = backend.migrations();
    migrations.register(PluginFixture.of("victim").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: victim
              changes:
                - createTable:
                    tableName: victim_rows
                    columns:
                      - column: {name: id, type: int, constraints: {primaryKey: true}}
                      - column: {name: secret, type: text}
                - createSequence: {sequenceName: victim_seq}
        """).jarSource(victimDir));
    assertThat(appliedNow(migrations.upgrade("victim", false), "victim")).isEqualTo(1);
    neighbour = schema.name() + "_nb";
    sql(schema, "INSERT INTO victim_rows VALUES (1, 'kept')", "CREATE SCHEMA " + neighbour,
        "CREATE TABLE " + neighbour + ".t (v text)", "INSERT INTO " + neighbour + ".t VALUES ('kept')");
  }

  @AfterAll
  static void close() throws IOException {
    try {
      untouched();
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(SECRET));
    } finally {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
      System.clearProperty(SECRET_PROPERTY);
      sql(schema, "DROP SCHEMA " + neighbour + " CASCADE");
      backend.close();
    }
  }

  /** The victim's row and sequence, the neighbouring schema and the watched folder are as they were. */
  private static void untouched() throws IOException {
    assertThat(rows(schema, "SELECT id || '=' || secret FROM victim_rows")).containsExactly("1=kept");
    assertThat(rows(schema, "SELECT last_value || ' ' || is_called FROM victim_seq")).containsExactly("1 false");
    assertThat(rows(schema, "SELECT v FROM " + neighbour + ".t")).containsExactly("kept");
    assertThat(rows(schema, "SELECT count(*) FROM pg_class WHERE relnamespace = '" + neighbour + "'::regnamespace"))
        .containsExactly("1");
    try (Stream<Path> files = Files.list(watched)) {
      assertThat(files).as("files created by a changelog").isEmpty();
    }
  }

  // --- 1. SQL carried by an attribute of an allowed change type -------------------------------------

  static Stream<Arguments> sqlInAttributes() {
    return Stream.of(
        Arguments.of("computeddefault", """
            - createTable:
                tableName: computeddefault_t
                columns:
                  - column: {name: n, type: bigint, defaultValueComputed: "(SELECT count(*) FROM victim_rows)"}
            """, "is not a literal of its kind"),
        Arguments.of("numericdefault", """
            - createTable:
                tableName: numericdefault_t
                columns:
                  - column: {name: n, type: bigint, defaultValueNumeric: "1); DELETE FROM victim_rows; --"}
            """, "is not a literal of its kind"),
        Arguments.of("numericvalue", """
            - insert:
                tableName: numericvalue_t
                columns:
                  - column: {name: n, valueNumeric: "(SELECT id FROM victim_rows)"}
            """, "is not a literal of its kind"),
        Arguments.of("datevalue", """
            - insert:
                tableName: datevalue_t
                columns:
                  - column: {name: n, valueDate: "now()); DELETE FROM victim_rows; --"}
            """, "is not a literal of its kind"),
        Arguments.of("datedefault", """
            - createTable:
                tableName: datedefault_t
                columns:
                  - column: {name: n, type: timestamptz, defaultValueDate: "now() - (SELECT count(*) FROM victim_rows) * interval '1 day'"}
            """, "is not a literal of its kind"),
        Arguments.of("computedvalue", """
            - insert:
                tableName: computedvalue_t
                columns:
                  - column: {name: n, valueComputed: "(SELECT secret FROM victim_rows)"}
            """, "attribute 'valueComputed' (refused: it puts SQL text into the statement"),
        Arguments.of("wheresemi", """
            - update:
                tableName: wheresemi_t
                columns:
                  - column: {name: n, value: x}
                where: "1 = 1; DELETE FROM victim_rows"
            """, "where holds ';'"),
        Arguments.of("wheresub", """
            - delete:
                tableName: wheresub_t
                where: "EXISTS (SELECT 1 FROM victim_rows)"
            """, "names table victim_rows, which does not start with wheresub_"),
        Arguments.of("defaultliteral", """
            - addDefaultValue:
                tableName: defaultliteral_t
                columnName: n
                columnDataType: bigint
                defaultValue: "0; DELETE FROM victim_rows"
            """, "defaultValue goes into the SQL as written"),
        Arguments.of("coldefault", """
            - addColumn:
                tableName: coldefault_t
                columns:
                  - column: {name: n, type: bigint, defaultValue: "0 + (SELECT count(*) FROM victim_rows)"}
            """, "goes into the SQL as written"),
        Arguments.of("check", """
            - createTable:
                tableName: check_t
                columns:
                  - column: {name: n, type: int, constraints: {checkConstraint: "n > (SELECT count(*) FROM victim_rows)"}}
            """, "constraint 'checkConstraint' (refused: it puts SQL text into the statement"),
        Arguments.of("ondelete", """
            - addForeignKeyConstraint:
                baseTableName: ondelete_t
                baseColumnNames: id
                constraintName: ondelete_fk
                referencedTableName: ondelete_u
                referencedColumnNames: id
                onDelete: "CASCADE; DELETE FROM victim_rows"
            """, "onDelete 'CASCADE; DELETE FROM victim_rows' (forbidden"),
        Arguments.of("sequence", """
            - alterSequence: {sequenceName: victim_seq, incrementBy: 5}
            """, "sequenceName 'victim_seq' does not start with sequence_"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sqlInAttributes")
  void sqlCarriedByAnAttributeNeverApplies(String plugin, String changes, String rule) throws IOException {
    attack(plugin, changes, rule);
  }

  // --- 2. identifier and type injection ------------------------------------------------------------

  static Stream<Arguments> injection() {
    return Stream.of(
        Arguments.of("tablename", """
            - createTable:
                tableName: "tablename_t (id int); DELETE FROM victim_rows; --"
                columns:
                  - column: {name: id, type: int}
            """, "is not a plain identifier"),
        Arguments.of("columnname", """
            - createIndex:
                tableName: columnname_t
                indexName: columnname_i
                columns:
                  - column: {name: "id); DELETE FROM victim_rows; --"}
            """, "is not a plain identifier"),
        Arguments.of("coltype", """
            - createTable:
                tableName: coltype_t
                columns:
                  - column: {name: id, type: "int); DELETE FROM victim_rows; --"}
            """, "is not an allowed type"),
        Arguments.of("retype", """
            - modifyDataType: {tableName: retype_t, columnName: id, newDataType: "text USING (SELECT secret FROM victim_rows)"}
            """, "is not an allowed type"),
        Arguments.of("quoted", """
            - createTable:
                tableName: "quoted_T\\"x"
                columns:
                  - column: {name: id, type: int}
            """, "is not a plain identifier"),
        Arguments.of("reference", """
            - createTable:
                tableName: reference_t
                columns:
                  - column: {name: id, type: int, constraints: {references: "reference_t(id)) ; DROP TABLE victim_rows; --", foreignKeyName: reference_fk}}
            """, "references is table(column, ...) with plain names"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injection")
  void identifierAndTypeInjectionNeverApplies(String plugin, String changes, String rule) throws IOException {
    attack(plugin, changes, rule);
  }

  // --- 3. change types and changelog features that are not allowed ---------------------------------

  static Stream<Arguments> notAllowed() {
    Path marker = watched.resolve("ran");
    return Stream.of(
        Arguments.of("shell", """
            - executeCommand:
                executable: touch
                args:
                  - arg: {value: %s}
            """.formatted(marker), "change type 'executeCommand' (refused: it runs a program on the bot's host)"),
        Arguments.of("custom", """
            - customChange: {class: liquibase.change.custom.ExampleCustomSqlChange, tableName: custom_t}
            """, "change type 'customChange' (refused: it runs Java code"),
        Arguments.of("printing", """
            - output: {message: hello, target: STDOUT}
            """, "change type 'output' (refused: it prints"),
        Arguments.of("loading", """
            - loadData: {tableName: loading_t, file: /etc/passwd, separator: ":"}
            """, "change type 'loadData' (refused: it reads a file"),
        Arguments.of("view", """
            - createView: {viewName: view_v, selectQuery: "SELECT * FROM victim_rows"}
            """, "change type 'createView' (refused"),
        Arguments.of("procedure", """
            - createProcedure: {procedureText: "CREATE FUNCTION procedure_f() RETURNS int AS 'DELETE FROM victim_rows RETURNING 1' LANGUAGE sql"}
            """, "change type 'createProcedure' (refused"),
        Arguments.of("outside", """
            - sqlFile: {path: /etc/passwd}
            """, "sqlFile /etc/passwd (refused: an sqlFile is a file of the plugin's own changelog folder"),
        Arguments.of("blob", """
            - insert:
                tableName: blob_t
                columns:
                  - column: {name: b, valueBlobFile: /etc/passwd}
            """, "attribute 'valueBlobFile' (refused: it reads a file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notAllowed")
  void changeTypesOffTheAllowListAreRefusedAtLoad(String plugin, String changes, String rule) throws IOException {
    attack(plugin, changes, rule);
  }

  static Stream<Arguments> changelogFeatures() {
    String create = """
                - createTable:
                    tableName: %s_t
                    columns:
                      - column: {name: id, type: int}
        """;
    return Stream.of(
        Arguments.of("precondition", """
            databaseChangeLog:
              - changeSet:
                  id: 1
                  author: precondition
                  preConditions:
                    - sqlCheck: {expectedResult: 1, sql: "SELECT setval('victim_seq', 1000) FROM victim_rows"}
                  changes:
            """ + create.formatted("precondition"), "attribute 'preConditions' (refused: preconditions run SQL"),
        Arguments.of("logprecondition", """
            databaseChangeLog:
              - preConditions:
                  - sqlCheck: {expectedResult: 1, sql: "SELECT setval('victim_seq', 1000)"}
              - changeSet:
                  id: 1
                  author: logprecondition
                  changes:
            """ + create.formatted("logprecondition"), "preConditions (refused: preconditions run SQL"),
        Arguments.of("modifysql", """
            databaseChangeLog:
              - changeSet:
                  id: 1
                  author: modifysql
                  modifySql:
                    - append: {value: "; DELETE FROM victim_rows"}
                  changes:
            """ + create.formatted("modifysql"), "attribute 'modifySql' (refused: it rewrites the SQL after the review)"),
        Arguments.of("includeall", """
            databaseChangeLog:
              - includeAll: {path: ../victim/}
            """, "includeAll (refused"),
        Arguments.of("includeout", """
            databaseChangeLog:
              - include: {file: ../victim/changelog.yaml, relativeToChangelogFile: true}
            """, "(refused: an include names a file of the plugin's own changelog folder plugins/includeout/)"),
        Arguments.of("property", """
            databaseChangeLog:
              - property: {name: t, value: victim_rows}
              - changeSet:
                  id: 1
                  author: property
                  changes:
            """ + create.formatted("property"), "property (refused: changelog parameters are not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changelogFeatures")
  void changelogFeaturesThatRunSqlOrReadFilesAreRefused(String plugin, String changelog, String rule) throws IOException {
    attackChangelog(plugin, PluginFixture.of(plugin).changelog(changelog), rule);
  }

  // --- 4. environment and system parameters ---------------------------------------------------------

  @Test
  void parametersAreRefusedAndNoSecretIsPrinted() throws IOException {
    PluginFixture fixture = PluginFixture.of("envparam").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: envparam
              changes:
                - createTable:
                    tableName: envparam_t
                    columns:
                      - column: {name: v, type: text, defaultValue: "${%s} ${PATH}"}
          - changeSet:
              id: 2
              author: envparam
              changes:
                - sqlFile: {path: leak.sql, relativeToChangelogFile: true}
        """.formatted(SECRET_PROPERTY)).file("leak.sql", "INSERT INTO envparam_t VALUES ('${" + SECRET_PROPERTY + "}');\n");
    migrations.register(fixture.jarSource(plugins));
    SourceStatus status = migrations.status("envparam");
    assertThat(status.problem()).contains("changeset 1 (author envparam, plugins/envparam/changelog.yaml): createTable",
        "changeset 2 (author envparam, plugins/envparam/changelog.yaml): sqlFile leak.sql line 1 holds ${...}")
        .doesNotContain(SECRET).doesNotContain(System.getenv("PATH"));

    attackChangelog("envparam", fixture, "holds ${...} (refused: changelog parameters are not supported");
  }

  // --- 5. changesets Liquibase would skip or run again ----------------------------------------------

  static Stream<Arguments> skipped() {
    return Stream.of(
        Arguments.of("ctx", "context: never", "attribute 'context' (refused: it decides whether the changeset runs"),
        Arguments.of("lbl", "labels: never", "attribute 'labels' (refused: it decides whether the changeset runs"),
        Arguments.of("dbms", "dbms: oracle", "attribute 'dbms' (refused: it decides whether the changeset runs"),
        Arguments.of("ign", "ignore: true", "attribute 'ignore' (refused: it decides whether the changeset runs"),
        Arguments.of("always", "runAlways: true", "attribute 'runAlways' (refused: it runs the changeset again later"),
        Arguments.of("onchange", "runOnChange: true", "attribute 'runOnChange' (refused: it runs the changeset again later"),
        Arguments.of("failok", "failOnError: false", "attribute 'failOnError' (refused: a failed changeset must stop"),
        Arguments.of("order", "runOrder: first", "attribute 'runOrder' (refused: a changeset has the attributes"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("skipped")
  void attributesThatChangeWhatRunsAreRefused(String plugin, String attribute, String rule) throws IOException {
    attackChangelog(plugin, PluginFixture.of(plugin).changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: %1$s
              changes:
                - createTable:
                    tableName: %1$s_a
                    columns:
                      - column: {name: id, type: int}
          - changeSet:
              id: 2
              author: %1$s
              %2$s
              changes:
                - createTable:
                    tableName: %1$s_b
                    columns:
                      - column: {name: id, type: int}
        """.formatted(plugin, attribute)), rule);
    assertThat(MigrationBackends.tableExists(schema, plugin + "_a")).as("nothing of a refused changelog applies").isFalse();
  }

  @Test
  void whatRunsIsExactlyWhatWasReviewedInItsOrder() {
    migrations.register(PluginFixture.of("exact").changelog("""
        databaseChangeLog:
          - changeSet:
              id: b
              author: exact
              changes:
                - createTable:
                    tableName: exact_b
                    columns:
                      - column: {name: id, type: int}
          - changeSet:
              id: a
              author: exact
              changes:
                - insert:
                    tableName: exact_b
                    columns:
                      - column: {name: id, valueNumeric: 7}
          - changeSet:
              id: c
              author: exact
              changes:
                - dropTable: {tableName: exact_b}
        """).jarSource(plugins));
    List<String> reviewed = migrations.status("exact").pending().stream().filter(PendingChangeset::mayApply)
        .map(PendingChangeset::id).toList();
    assertThat(reviewed).containsExactly("b", "a");

    UpgradeResult result = migrations.upgrade("exact", false);

    assertThat(appliedNow(result, "exact")).isEqualTo(2);
    assertThat(rows(schema, "SELECT id FROM databasechangelog WHERE filename LIKE 'plugins/exact/%' ORDER BY orderexecuted"))
        .containsExactlyElementsOf(reviewed);
    assertThat(rows(schema, "SELECT id FROM exact_b")).containsExactly("7");
    assertThat(status(result, "exact").pending()).extracting(PendingChangeset::id).containsExactly("c");
    migrations.unregister("exact");
  }

  // --- 6. raw SQL reaching another plugin, another schema or the session ----------------------------

  static Stream<Arguments> rawSqlReach() {
    return Stream.of(
        Arguments.of("rview", "CREATE VIEW rview_v AS SELECT * FROM victim_rows", "names table victim_rows"),
        Arguments.of("rfk", "CREATE TABLE rfk_t (id int REFERENCES victim_rows(id))", "names table victim_rows"),
        Arguments.of("rfk2", "ALTER TABLE rfk2_t ADD CONSTRAINT rfk2_fk FOREIGN KEY (id) REFERENCES victim_rows (id)",
            "names table victim_rows"),
        Arguments.of("rfk3", "ALTER TABLE rfk3_t ADD COLUMN v int REFERENCES victim_rows(id)", "names table victim_rows"),
        Arguments.of("raddid", "ALTER TABLE raddid_t ADD COLUMN member_id bigint", "would store raw Discord user ids"),
        Arguments.of("rinherit", "CREATE TABLE rinherit_t (id int) INHERITS (victim_rows)", "names victim_rows, an object"),
        Arguments.of("rregclass", "SELECT count(*) FROM pg_class WHERE oid = 'victim_rows'::regclass", "names victim_rows, an object"),
        Arguments.of("rsplit", "SELECT '\\\\'; DELETE FROM victim_rows; --'", "victim_rows"),
        Arguments.of("rgrant", "GRANT SELECT ON victim_rows TO PUBLIC", "a Grant statement (forbidden"),
        Arguments.of("rgrantown", "GRANT SELECT ON rgrantown_t TO PUBLIC", "a Grant statement (forbidden"),
        Arguments.of("rcopy", "INSERT INTO rcopy_t SELECT * FROM victim_rows", "names table victim_rows"),
        Arguments.of("rquoted", "UPDATE \"victim_rows\" SET secret = 'gone'", "names table \"victim_rows\""),
        Arguments.of("rseq", "SELECT nextval('victim_seq')", "names sequence victim_seq"),
        Arguments.of("rschema", "CREATE TABLE " + "%NB%" + ".rschema_t (id int)", "(forbidden: a plugin's SQL stays in the instance schema"),
        Arguments.of("rrole", "SET ROLE postgres", "changes the search_path, the role or the session"),
        Arguments.of("rreset", "RESET ROLE", "changes the search_path, the role or the session"),
        Arguments.of("rfile", "SELECT pg_read_file('/etc/passwd')", "calls pg_read_file"),
        Arguments.of("rcascade", "DROP TABLE rcascade_t CASCADE", "DROP ... CASCADE"),
        Arguments.of("rfunc", "CREATE FUNCTION rfunc_f() RETURNS int AS 'SELECT 1' LANGUAGE sql", "a CreateFunction statement"),
        Arguments.of("rcore", "DELETE FROM cogwheel_migration_approval", "names table cogwheel_migration_approval"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rawSqlReach")
  void rawSqlReachingBeyondThePluginIsForbiddenEvenWhenApproved(String plugin, String statement, String rule)
      throws IOException {
    String text = statement.replace("%NB%", neighbour);
    migrations.register(PluginFixture.of(plugin).changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: %s
              changes:
                - sql: "%s"
        """.formatted(plugin, text.replace("\"", "\\\""))).jarSource(plugins));

    SourceStatus status = migrations.status(plugin);

    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(status.pending()).extracting(PendingChangeset::changeClass).containsExactly(ChangeClass.FORBIDDEN);
    assertThat(status.problem()).contains("changeset " + plugin + ":1 is forbidden: sql: ", rule);
    assertThatThrownBy(() -> migrations.approve(plugin + ":1", "mallory"))
        .isInstanceOf(StorageException.class).hasMessageContaining("is forbidden and can never be applied");
    assertThat(appliedNow(migrations.upgrade(plugin, false), plugin)).isZero();
    untouched();
    migrations.unregister(plugin);
  }

  @Test
  void aRollbackThatReachesAnotherPluginIsForbidden() throws IOException {
    migrations.register(PluginFixture.of("undo").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: undo
              changes:
                - createTable:
                    tableName: undo_t
                    columns:
                      - column: {name: id, type: int}
              rollback:
                - sql: DELETE FROM victim_rows
        """).jarSource(plugins));

    SourceStatus status = migrations.status("undo");

    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(status.problem()).contains("changeset undo:1 is forbidden: ", "rollback: sql: names table victim_rows");
    assertThat(appliedNow(migrations.upgrade("undo", false), "undo")).isZero();
    untouched();
    migrations.unregister("undo");
  }

  @Test
  void rawSqlOnTheirOwnTablesStaysOpaqueAndAppliesOnceApproved() throws IOException {
    migrations.register(PluginFixture.of("ownsql").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: ownsql
              changes:
                - sql: "CREATE TABLE ownsql_t (id int PRIMARY KEY, note text); INSERT INTO ownsql_t VALUES (1, 'a')"
        """).jarSource(plugins));
    PendingChangeset pending = migrations.status("ownsql").pending().get(0);
    assertThat(pending.changeClass()).isEqualTo(ChangeClass.OPAQUE);
    assertThat(pending.sql()).containsExactly("CREATE TABLE ownsql_t (id int PRIMARY KEY, note text);",
        "INSERT INTO ownsql_t VALUES (1, 'a');");
    migrations.approve("ownsql:1", "alice");
    assertThat(appliedNow(migrations.upgrade("ownsql", false), "ownsql")).isEqualTo(1);
    assertThat(rows(schema, "SELECT note FROM ownsql_t")).containsExactly("a");
    untouched();
    migrations.unregister("ownsql");
  }

  // --- 7. raw Discord user ids ----------------------------------------------------------------------

  static Stream<Arguments> rawIds() {
    return Stream.of(
        Arguments.of("idtext", "user_id", "text"),
        Arguments.of("idnum", "member_id", "numeric(20)"),
        Arguments.of("idfloat", "author_id", "double precision"),
        Arguments.of("idserial", "owner_id", "bigserial"),
        Arguments.of("idint", "target_id", "integer"),
        Arguments.of("idvarchar", "moderator_id", "varchar(20)"),
        Arguments.of("iduser", "banned_user", "bigint"),
        Arguments.of("idsnow", "snowflake", "bigint"),
        Arguments.of("idplain", "userid", "int8"),
        Arguments.of("typeauthor", "author", "bigint"),
        Arguments.of("typetarget", "target", "text"),
        Arguments.of("typeby", "closed_by", "numeric"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("rawIds")
  void rawDiscordUserIdsAreForbiddenByNameAndByType(String plugin, String column, String type) throws IOException {
    migrations.register(PluginFixture.of(plugin).changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: %1$s
              changes:
                - createTable:
                    tableName: %1$s_t
                    columns:
                      - column: {name: %2$s, type: "%3$s"}
          - changeSet:
              id: 2
              author: %1$s
              changes:
                - sql: "CREATE TABLE %1$s_u (%2$s %3$s)"
        """.formatted(plugin, column, type)).jarSource(plugins));

    SourceStatus status = migrations.status(plugin);

    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(status.pending()).extracting(PendingChangeset::changeClass)
        .containsExactly(ChangeClass.FORBIDDEN, ChangeClass.FORBIDDEN);
    assertThat(status.pending()).allSatisfy(p -> assertThat(p.reasons())
        .anySatisfy(r -> assertThat(r).contains("column " + column, "would store raw Discord user ids")));
    assertThat(appliedNow(migrations.upgrade(plugin, false), plugin)).isZero();
    migrations.unregister(plugin);
  }

  @Test
  void bundledCogsChangelogsStayAdditive() throws IOException {
    Path cogs = Path.of("..", "plugins").toAbsolutePath().normalize();
    List<String> ids = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(cogs)) {
      for (Path dir : (Iterable<Path>) dirs.filter(d -> Files.isDirectory(d.resolve("src/main/resources/db/changelog")))::iterator) {
        String id = dir.getFileName().toString();
        ids.add(id);
        migrations.register(new dev.cogwheel.storage.spi.migration.MigrationSource(id, dir.resolve("src/main/resources"),
            List.of()));
      }
    }
    assertThat(ids).isNotEmpty();
    try {
      for (String id : ids) {
        SourceStatus status = migrations.status(id);
        assertThat(status.state()).as(id + ": " + status.problem()).isEqualTo(SourceState.PENDING);
        assertThat(status.pending()).as(id).allSatisfy(p -> assertThat(p.changeClass()).isEqualTo(ChangeClass.ADDITIVE));
      }
    } finally {
      ids.forEach(migrations::unregister);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void attack(String plugin, String changes, String rule) throws IOException {
    StringBuilder indented = new StringBuilder();
    for (String line : changes.split("\n")) {
      indented.append("            ").append(line).append('\n');
    }
    attackChangelog(plugin, PluginFixture.of(plugin).changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: %s
              changes:
        %s""".formatted(plugin, indented)), rule);
  }

  /**
   * Runs every review command on the attacker's plugin: it must be blocked with the rule in its
   * problem, nothing may apply or be approved, and nothing outside may change.
   */
  private void attackChangelog(String plugin, PluginFixture fixture, String rule) throws IOException {
    migrations.register(fixture.jarSource(plugins));
    try {
      SourceStatus status = migrations.status(plugin);
      assertThat(status.state()).as(status.problem()).isEqualTo(SourceState.BLOCKED);
      assertThat(status.problem()).contains(rule);
      if (status.pending().isEmpty()) {
        assertThat(status.problem()).startsWith("changelog plugins/" + plugin + "/changelog.yaml is refused: ")
            .endsWith(". Nothing of it runs; fix the changelog and reload the plugin.");
      }
      assertThat(migrations.status()).filteredOn(s -> s.source().equals(plugin)).singleElement()
          .satisfies(s -> assertThat(s.state()).isEqualTo(SourceState.BLOCKED));
      for (PendingChangeset pending : status.pending()) {
        assertThat(pending.changeClass()).isIn(ChangeClass.FORBIDDEN, ChangeClass.ADDITIVE);
        assertThat(String.join("\n", pending.sql())).doesNotContain(SECRET);
      }
      assertThatThrownBy(() -> migrations.approve(plugin + ":1", "mallory")).isInstanceOf(StorageException.class);
      UpgradeResult result = migrations.upgrade(plugin, false);
      assertThat(appliedNow(result, plugin)).isZero();
      assertThat(status(result, plugin).problem()).doesNotContain(SECRET);
      assertThat(migrations.history()).noneMatch(h -> h.source().equals(plugin));
      assertThat(rows(schema, "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
          + " AND relname LIKE '" + plugin + "\\_%'")).containsExactly("0");
      untouched();
    } finally {
      migrations.unregister(plugin);
    }
  }
}
