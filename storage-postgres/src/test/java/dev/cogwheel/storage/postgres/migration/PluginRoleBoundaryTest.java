package dev.cogwheel.storage.postgres.migration;

import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.appliedNow;
import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.status;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.rows;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.sql;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.tableExists;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PostgreSQL, not the review, keeps a plugin's changesets to the plugin's own tables: each plugin's
 * changesets run logged in as its own role. Every attack is an approved raw-SQL changeset of a
 * plugin of its own, first as an attacker would write it, then hidden from any reading of the SQL
 * (names assembled at run time in a {@code DO} block); each fails with PostgreSQL's error, or with the
 * host's refusal of what the role may not hold, and leaves the victim plugin's rows, the migration
 * history, the approvals, {@code public} and another instance's schema as they were. The roles the
 * tests create are named after the test's schemas, and are dropped with them.
 */
@ExtendWith({PostgresExtension.class, PublicSchemaGuard.class})
class PluginRoleBoundaryTest {

  private static final String PERMISSION_DENIED = "permission denied";

  private static PostgresStorageBackend backend;
  private static SchemaMigrations migrations;
  private static TestSchema schema;
  private static TestSchema otherInstance;
  private static String bot;
  private static List<String> victimRows;

  private final List<String> registered = new ArrayList<>();

  @TempDir Path plugins;

  @BeforeAll
  static void open(TestSchema testSchema, @TempDir Path victimDir) {
    schema = testSchema;
    backend = MigrationBackends.open(schema);
    migrations = backend.migrations();
    bot = rows(schema, "SELECT current_user").get(0);
    migrations.register(PluginFixture.of("victim").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: victim
              changes:
                - createTable:
                    tableName: victim_secrets
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: body, type: text}
                - insert: {tableName: victim_secrets, columns: [{column: {name: body, value: the victim's first secret}}]}
                - insert: {tableName: victim_secrets, columns: [{column: {name: body, value: the victim's second secret}}]}
        """).jarSource(victimDir));
    assertThat(appliedNow(migrations.upgrade("victim", false), "victim")).isEqualTo(1);
    victimRows = victimRows();
    assertThat(victimRows).hasSize(2);
    otherInstance = TestPostgres.get().createSchema("other_instance");
    sql(schema, "CREATE TABLE " + otherInstance.name() + ".other_t (body text)",
        "INSERT INTO " + otherInstance.name() + ".other_t VALUES ('another instance''s row')");
  }

  @AfterAll
  static void close() {
    backend.close();
    otherInstance.close();
  }

  @AfterEach
  void nothingOutsideTheAttackerChanged() {
    registered.forEach(migrations::unregister);
    assertThat(victimRows()).as("the victim plugin's rows").isEqualTo(victimRows);
    assertThat(rows(schema, "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema()"
        + " AND tablename = 'victim_secrets'")).containsExactly(schema.name() + "_victim");
    assertThat(rows(schema, "SELECT body FROM " + otherInstance.name() + ".other_t"))
        .containsExactly("another instance's row");
    assertThat(rows(schema, "SELECT tablename FROM pg_tables WHERE schemaname = '" + otherInstance.name() + "'"))
        .containsExactly("other_t");
    assertThat(rows(schema, "SELECT count(*) FROM databasechangeloglock WHERE locked")).containsExactly("0");
    assertThat(rows(schema, "SELECT DISTINCT approved_by FROM cogwheel_migration_approval")).allMatch("test"::equals);
    assertThat(rows(schema, "SELECT count(*) FROM databasechangelog WHERE filename LIKE 'plugins/victim/%'"))
        .containsExactly("1");
    assertThat(rows(schema, "SELECT rolname FROM pg_roles WHERE rolname LIKE '%pwned%'")).isEmpty();
  }

  private static List<String> victimRows() {
    return rows(schema, "SELECT id || ':' || body FROM victim_secrets ORDER BY id");
  }

  /** Plugin id, the changeset's SQL, and what the failure must say (PostgreSQL 15's wording | 16's and later). */
  static Stream<Arguments> attacks() {
    String other = "%OTHER%";
    return Stream.of(
        // Another plugin's table: read, write, alter, drop.
        attack("reader", "CREATE TABLE reader_loot AS SELECT * FROM victim_secrets",
            "permission denied for table victim_secrets"),
        attack("writer", "UPDATE victim_secrets SET body = 'pwned'", "permission denied for table victim_secrets"),
        attack("deleter", "DELETE FROM victim_secrets", "permission denied for table victim_secrets"),
        attack("alterer", "ALTER TABLE victim_secrets ADD COLUMN pwned int", "must be owner of table victim_secrets"),
        attack("dropper", "DROP TABLE victim_secrets", "must be owner of table victim_secrets"),
        attack("truncater", "TRUNCATE victim_secrets", "permission denied for table victim_secrets"),
        // Reaching it through an object of one's own.
        attack("fkey", "CREATE TABLE fkey_link (id bigint REFERENCES victim_secrets (id))",
            "permission denied for table victim_secrets"),
        attack("granter", "GRANT SELECT ON victim_secrets TO PUBLIC", "permission denied for table victim_secrets"),
        attack("victimtrigger", "CREATE TRIGGER victimtrigger_t BEFORE INSERT ON victim_secrets"
            + " FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
            "permission denied for table victim_secrets"),
        attack("viewer", "CREATE VIEW viewer_v AS SELECT * FROM victim_secrets",
            "would hold what it may not: view"),
        attack("invoker", "CREATE VIEW invoker_v WITH (security_invoker = true) AS SELECT * FROM victim_secrets",
            "would hold what it may not: view"),
        attack("trigger", """
            CREATE FUNCTION trigger_copy() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN INSERT INTO trigger_items (note) SELECT body FROM victim_secrets; RETURN NEW; END $f$;
            CREATE TRIGGER trigger_on_write AFTER UPDATE ON trigger_items FOR EACH ROW EXECUTE FUNCTION trigger_copy()""",
            "would hold what it may not: function trigger_copy()"),
        attack("rules", "CREATE RULE rules_copy AS ON UPDATE TO rules_items DO ALSO"
            + " INSERT INTO rules_items (note) SELECT body FROM victim_secrets", "would hold what it may not: rule"),
        attack("policy", "ALTER TABLE policy_items ENABLE ROW LEVEL SECURITY; CREATE POLICY policy_leak ON policy_items"
            + " USING (query_to_xml('SELECT * FROM victim_secrets', true, false, '') IS NOT NULL)",
            "would hold what it may not: policy"),
        attack("defaults", "ALTER TABLE defaults_items ALTER COLUMN note SET DEFAULT"
            + " query_to_xml('SELECT * FROM victim_secrets', true, false, '')::text",
            "calls a volatile or non-built-in function"),
        attack("sequence", "ALTER TABLE sequence_items ALTER COLUMN note SET DEFAULT"
            + " nextval('victim_secrets_id_seq')::text", "names a relation the plugin's role does not own"),
        attack("check", "ALTER TABLE check_items ADD CONSTRAINT check_leak CHECK"
            + " (query_to_xml('SELECT * FROM victim_secrets', true, false, '') IS NOT NULL)",
            "calls a volatile or non-built-in function"),
        attack("squatter", "CREATE TABLE victim_future (id int)", "may own only tables and sequences named squatter_"),
        // Other schemas.
        attack("publicw", "CREATE TABLE public.publicw_t (id int)", "permission denied for schema public"),
        attack("otherread", "CREATE TABLE otherread_loot AS SELECT * FROM " + other + ".other_t",
            "permission denied for schema " + other),
        attack("otherwrite", "CREATE TABLE " + other + ".otherwrite_t (id int)", "permission denied for schema " + other),
        // The host's own tables: approvals, history, lock.
        attack("forger", "INSERT INTO cogwheel_migration_approval (source, changeset_id, author, checksum, approved_by)"
            + " VALUES ('victim', '9', 'victim', 'x', 'pwned')", "permission denied for table cogwheel_migration_approval"),
        attack("historian", "DELETE FROM databasechangelog", "permission denied for table databasechangelog"),
        attack("locker", "UPDATE databasechangeloglock SET locked = true", "permission denied for table databasechangeloglock"),
        // The server: files, programs, roles.
        attack("fileread", "CREATE TABLE fileread_loot AS SELECT pg_read_file('/etc/passwd') AS body",
            "permission denied for function pg_read_file"),
        attack("copyfile", "COPY copyfile_items (note) FROM '/etc/passwd'", "COPY from a file"),
        attack("copyprog", "COPY copyprog_items (note) FROM PROGRAM 'touch %MARKER%'",
            "COPY to or from an external program"),
        attack("lofile", "SELECT lo_import('/etc/passwd')", "permission denied for function lo_import"),
        attack("rolemaker", "CREATE ROLE pwned_role LOGIN", "permission denied to create role"),
        attack("supermaker", "ALTER ROLE CURRENT_USER SUPERUSER CREATEROLE",
            "must be superuser to alter superuser|permission denied to alter role"),
        // Escaping the role.
        attack("resetter", "RESET ROLE; UPDATE victim_secrets SET body = 'pwned'",
            "permission denied for table victim_secrets"),
        attack("setter", "SET ROLE %BOT%; UPDATE victim_secrets SET body = 'pwned'", "permission denied to set role"),
        attack("sessionauth", "SET SESSION AUTHORIZATION %BOT%; UPDATE victim_secrets SET body = 'pwned'",
            "permission denied to set session authorization"),
        attack("joiner", "GRANT %BOT% TO CURRENT_USER", "role"));
  }

  private static Arguments attack(String plugin, String sql, String expected) {
    return Arguments.of(plugin, sql, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void approvedRawSqlCannotReachBeyondThePluginsOwnTables(String plugin, String sql, String expected) throws Exception {
    Path marker = plugins.resolve("marker-" + plugin);
    String concrete = sql.replace("%OTHER%", otherInstance.name()).replace("%BOT%", bot)
        .replace("%MARKER%", marker.toString());
    String expectedText = expected.replace("%OTHER%", otherInstance.name());

    Outcome plain = attempt(plugin, concrete);
    // A review may refuse the plain SQL before it runs; then PostgreSQL is tried with the SQL hidden from it.
    if (plain.refusedByReview()) {
      assertThat(plain.problem()).contains("forbidden");
    } else {
      assertThat(plain.problem()).contains(plugin + ": applying its changesets failed: changeset " + plugin + ":2 ran as"
          + " the plugin's database role " + schema.name() + "_" + plugin);
      assertThat(plain.problem()).containsAnyOf(expectedText.split("\\|"));
    }
    Outcome hidden = attempt(plugin + "x", hide(concrete.replace(plugin + "_", plugin + "x_")));
    assertThat(hidden.refusedByReview()).as("the review of %s", hidden.problem()).isFalse();
    assertThat(hidden.problem()).contains(plugin + "x: applying its changesets failed: ")
        .containsAnyOf(expectedText.replace(plugin + "_", plugin + "x_").split("\\|"));
    assertThat(Files.exists(marker)).as("a file written by the server's program").isFalse();
    for (String id : List.of(plugin, plugin + "x")) {
      String recorded = id.equals(plugin) && plain.refusedByReview() ? "0" : "1";
      assertThat(rows(schema, "SELECT count(*) FROM databasechangelog WHERE filename LIKE 'plugins/" + id + "/%'"))
          .as("the history of %s: its failed changeset is not recorded", id).containsExactly(recorded);
      assertThat(rows(schema, "SELECT count(*) FROM pg_authid WHERE rolname = '" + schema.name() + "_" + id + "'"
          + " AND (rolcanlogin OR rolpassword IS NOT NULL)")).as("%s's role logs in only while its changesets run", id)
          .containsExactly("0");
      assertThat(rows(schema, "SELECT count(*) FROM pg_proc WHERE proowner = to_regrole('" + schema.name() + "_" + id
          + "')")).as("functions of %s's role", id).containsExactly("0");
    }
  }

  private record Outcome(boolean refusedByReview, String problem) {}

  /** Plugin {@code id} ships a table of its own, then {@code sql} as changeset 2; an operator approves it. */
  private Outcome attempt(String id, String sql) {
    String indented = sql.lines().map(line -> "              " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    registered.add(id);
    migrations.register(PluginFixture.of(id).changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: %1$s
              changes:
                - createTable:
                    tableName: %1$s_items
                    columns:
                      - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                      - column: {name: note, type: text}
          - changeSet:
              id: 2
              author: %1$s
              changes:
                - sql:
                    splitStatements: false
                    sql: |
        %2$s
        """.formatted(id, indented)).jarSource(plugins));
    UpgradeResult first = migrations.upgrade(id, false);
    PendingChangeset pending = status(first, id).pending().stream().filter(p -> p.id().equals("2")).findFirst()
        .orElseThrow();
    if (pending.changeClass() == ChangeClass.FORBIDDEN) {
      return new Outcome(true, String.join("; ", pending.reasons()));
    }
    assertThat(appliedNow(first, id)).isEqualTo(1);
    migrations.approve(id + ":2", "test");
    UpgradeResult result = migrations.upgrade(id, false);
    SourceStatus status = status(result, id);
    assertThat(status.state()).as("%s after its approved changeset ran: %s", id, status.problem())
        .isEqualTo(SourceState.BLOCKED);
    assertThat(appliedNow(result, id)).isZero();
    return new Outcome(false, status.problem());
  }

  /** The same statements with every name cut in two and put together only when they run. */
  private static String hide(String sql) {
    StringBuilder block = new StringBuilder("DO $hide$ BEGIN\n");
    for (String statement : sql.split(";\\s*(?=(?:[^$]*\\$f\\$[^$]*\\$f\\$)*[^$]*$)")) {
      String literal = "'" + statement.strip().replace("'", "''") + "'";
      for (String name : List.of("victim", "public", "cogwheel", "databasechangelog", "pg_read", "lo_import",
          "PROGRAM", "ROLE", "AUTHORIZATION", "other_instance")) {
        int cut = name.length() / 2;
        literal = literal.replace(name, name.substring(0, cut) + "' || '" + name.substring(cut));
      }
      block.append("EXECUTE ").append(literal).append(";\n");
    }
    return block.append("END $hide$").toString();
  }

  @Test
  void eachPluginsRoleOwnsItsTablesAndHoldsNothingElse() {
    String role = schema.name() + "_victim";
    assertThat(rows(schema, "SELECT concat_ws(',', rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,"
        + " rolcanlogin, rolinherit) FROM pg_roles WHERE rolname = '" + role + "'")).containsExactly("f,f,f,f,f,f,f");
    assertThat(rows(schema, "SELECT count(*) FROM pg_auth_members WHERE member = to_regrole('" + role + "')"))
        .as("roles the plugin's role is a member of").containsExactly("0");
    assertThat(rows(schema, "SELECT pg_has_role('" + bot + "', '" + role + "', 'USAGE')"))
        .as("the bot's user reaches the plugin's tables").containsExactly("t");
    assertThat(rows(schema, "SELECT concat_ws(',', has_schema_privilege('" + role + "', current_schema(), 'USAGE'),"
        + " has_schema_privilege('" + role + "', current_schema(), 'CREATE'),"
        + " has_schema_privilege('" + role + "', 'public', 'CREATE'),"
        + " has_table_privilege('" + role + "', 'cogwheel_migration_approval', 'SELECT'),"
        + " has_table_privilege('" + role + "', 'databasechangelog', 'INSERT'))")).containsExactly("t,t,f,f,f");
  }

  @Test
  void tablesTheBotCreatedBeforeRolesAreHandedToThePluginsRole() {
    sql(schema, "CREATE TABLE legacy_items (id bigserial PRIMARY KEY, note text)",
        "INSERT INTO legacy_items (note) VALUES ('kept')");
    registered.add("legacy");
    migrations.register(PluginFixture.of("legacy").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: legacy
              changes:
                - addColumn:
                    tableName: legacy_items
                    columns:
                      - column: {name: added, type: text}
        """).jarSource(plugins));

    assertThat(appliedNow(migrations.upgrade("legacy", false), "legacy")).isEqualTo(1);

    String role = schema.name() + "_legacy";
    assertThat(rows(schema, "SELECT relname || ' ' || pg_get_userbyid(relowner) FROM pg_class"
        + " WHERE relnamespace = current_schema()::regnamespace AND relname LIKE 'legacy%' AND relkind IN ('r', 'S')"
        + " ORDER BY relname")).containsExactly("legacy_items " + role, "legacy_items_id_seq " + role);
    assertThat(rows(schema, "SELECT note FROM legacy_items")).containsExactly("kept");
    assertThat(MigrationBackends.columns(schema, "legacy_items")).containsExactly("id", "note", "added");
  }

  @Test
  void tablesOfAPluginWithNothingToApplyAreHandedOverAtTheUpgrade() {
    sql(schema, "CREATE TABLE waiting_items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)");
    registered.add("waiting");
    migrations.register(PluginFixture.of("waiting").changelog("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: waiting
              changes:
                - sql: {sql: "UPDATE waiting_items SET note = 'n'"}
        """).jarSource(plugins));

    UpgradeResult result = migrations.upgrade("waiting", false);

    assertThat(status(result, "waiting").state()).isEqualTo(SourceState.WAITING_APPROVAL);
    assertThat(rows(schema, "SELECT relname || ' ' || pg_get_userbyid(relowner) FROM pg_class"
        + " WHERE relnamespace = current_schema()::regnamespace AND relname LIKE 'waiting%' AND relkind IN ('r', 'S')"
        + " ORDER BY relname")).containsExactly("waiting_items " + schema.name() + "_waiting",
        "waiting_items_id_seq " + schema.name() + "_waiting");
  }

  @Test
  void aUserInTheDatabaseUrlDoesNotDecideWhoThePluginsChangesetsRunAs() throws Exception {
    String url = schema.server().jdbcUrl() + (schema.server().jdbcUrl().contains("?") ? "&" : "?") + "user=" + bot
        + (schema.password().isEmpty() ? "" : "&password=" + schema.password());
    assertThat(PluginRoles.withoutCredentials(url)).doesNotContain("user=").doesNotContain("password=");
    try (TestSchema own = TestPostgres.get().createSchema("url_user")) {
      try (PostgresStorageBackend fromUrl = MigrationBackends.open(own, Map.of(PostgresSettings.URL, url))) {
        fromUrl.migrations().register(PluginFixture.of("notes").changelog(
            ChangesetReviewTest.createTable("notes", "notes_t")).jarSource(plugins));

        assertThat(appliedNow(fromUrl.migrations().upgrade(null, false), "notes")).isEqualTo(1);
      }
      assertThat(rows(own, "SELECT tableowner FROM pg_tables WHERE schemaname = '" + own.name()
          + "' AND tablename = 'notes_t'")).containsExactly(own.name() + "_notes");
    }
  }

  @Test
  void aRoleCogwheelDidNotCreateIsNeverUsed() {
    String role = schema.name() + "_squat";
    sql(schema, "CREATE ROLE " + role + " NOLOGIN");
    registered.add("squat");
    migrations.register(PluginFixture.of("squat").changelog(ChangesetReviewTest.createTable("squat", "squat_t"))
        .jarSource(plugins));

    SourceStatus status = status(migrations.upgrade("squat", false), "squat");

    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(status.problem()).contains("a database role " + role + " exists that Cogwheel did not create")
        .contains("Rename or drop that role");
    assertThat(tableExists(schema, "squat_t")).isFalse();
  }

  @Test
  void aRoleGivenMoreThanItsTablesRunsNothingUntilThatIsUndone() {
    registered.add("greedy");
    migrations.register(PluginFixture.of("greedy").changelog(ChangesetReviewTest.createTable("greedy", "greedy_t"))
        .jarSource(plugins));
    assertThat(appliedNow(migrations.upgrade("greedy", false), "greedy")).isEqualTo(1);
    String role = schema.name() + "_greedy";
    sql(schema, "GRANT pg_read_server_files TO " + role);
    migrations.register(PluginFixture.of("greedy").version("2").changelog(ChangesetReviewTest.createTable("greedy", "greedy_t")
        + """
          - changeSet:
              id: 2
              author: greedy
              changes:
                - addColumn: {tableName: greedy_t, columns: [{column: {name: note, type: text}}]}
        """).jarSource(plugins));

    SourceStatus status = status(migrations.upgrade("greedy", false), "greedy");

    assertThat(status.state()).isEqualTo(SourceState.BLOCKED);
    assertThat(status.problem()).contains("it is a member of pg_read_server_files (REVOKE \"pg_read_server_files\" FROM");
    sql(schema, "REVOKE pg_read_server_files FROM " + role);
    assertThat(appliedNow(migrations.upgrade("greedy", false), "greedy")).isEqualTo(1);
  }

  @Test
  void healthWarnsThatTheBotConnectsAsASuperuser() {
    assertThat(rows(schema, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
        .as("the test server's user").containsExactly("t");
    assertThat(backend.inspector().health().warnings()).singleElement().asString()
        .contains("The bot connects as " + bot + ", a superuser").contains("Least-privilege database setup");
  }

  /** The least-privilege setup of docs/operations.md: the bot's user owns the schema and may create roles. */
  @Test
  void aBotUserThatMayCreateRolesButIsNoSuperuserRunsPluginsAsTheirRoles() throws Exception {
    try (TestSchema own = TestPostgres.get().createSchema("least_privilege")) {
      String user = own.name() + "_bot";
      String password = UUID.randomUUID().toString();
      sql(schema, "CREATE ROLE " + user + " LOGIN CREATEROLE PASSWORD '" + password + "'",
          "ALTER SCHEMA " + own.name() + " OWNER TO " + user);
      try (PostgresStorageBackend leastPrivilege = MigrationBackends.open(own,
          Map.of(PostgresSettings.USER, user, PostgresSettings.PASSWORD, password))) {
        SchemaMigrations engine = leastPrivilege.migrations();
        engine.register(PluginFixture.of("notes").changelog(ChangesetReviewTest.createTable("notes", "notes_t"))
            .jarSource(plugins));
        engine.register(PluginFixture.of("spy").changelog(ChangesetReviewTest.createTable("spy", "spy_t") + """
              - changeSet:
                  id: 2
                  author: spy
                  changes:
                    - sql:
                        splitStatements: false
                        sql: DO $$ BEGIN EXECUTE 'CREATE TABLE spy_loot AS SELECT * FROM no' || 'tes_t'; END $$
            """).jarSource(plugins));
        engine.upgrade(null, false);
        engine.approve("spy:2", "test");

        SourceStatus spy = status(engine.upgrade(null, false), "spy");

        assertThat(spy.state()).isEqualTo(SourceState.BLOCKED);
        assertThat(spy.problem()).contains("permission denied for table notes_t");
        assertThat(rows(own, "SELECT tablename || ' ' || tableowner FROM pg_tables WHERE schemaname = '" + own.name()
            + "' AND tablename IN ('notes_t', 'spy_t') ORDER BY 1"))
            .containsExactly("notes_t " + own.name() + "_notes", "spy_t " + own.name() + "_spy");
        assertThat(leastPrivilege.inspector().health().warnings()).isEmpty();
      }
      // The bot's user, no superuser, still reads and writes every plugin's table.
      try (var c = java.sql.DriverManager.getConnection(own.jdbcUrl(), user, password);
          var s = c.createStatement()) {
        s.executeUpdate("INSERT INTO notes_t (pid) VALUES ('p')");
        s.executeUpdate("INSERT INTO spy_t (pid) VALUES ('p')");
        try (var rs = s.executeQuery("SELECT count(*) FROM notes_t")) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void withoutCreateRoleChangesetsRunAsTheBotAndHealthSaysSo() throws Exception {
    try (TestSchema own = TestPostgres.get().createSchema("no_create_role")) {
      String user = own.name() + "_bot";
      String password = UUID.randomUUID().toString();
      sql(schema, "CREATE ROLE " + user + " LOGIN NOCREATEROLE PASSWORD '" + password + "'",
          "ALTER SCHEMA " + own.name() + " OWNER TO " + user);
      ch.qos.logback.classic.Logger logger =
          (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PluginRoles.class);
      ListAppender<ILoggingEvent> logged = new ListAppender<>();
      logged.start();
      logger.addAppender(logged);
      try (PostgresStorageBackend managed = MigrationBackends.open(own,
          Map.of(PostgresSettings.USER, user, PostgresSettings.PASSWORD, password))) {
        managed.migrations().register(PluginFixture.of("notes").changelog(
            ChangesetReviewTest.createTable("notes", "notes_t")).jarSource(plugins));

        assertThat(appliedNow(managed.migrations().upgrade(null, false), "notes")).isEqualTo(1);
        managed.migrations().status();
        managed.migrations().upgrade(null, false);

        assertThat(logged.list).as("what the bot's startup says").singleElement().satisfies(event -> {
          assertThat(event.getLevel()).isEqualTo(Level.WARN);
          assertThat(event.getFormattedMessage()).startsWith("Database user " + user + " may not create roles")
              .contains("ALTER ROLE \"" + user + "\" CREATEROLE;");
        });

        assertThat(rows(own, "SELECT tableowner FROM pg_tables WHERE schemaname = '" + own.name()
            + "' AND tablename = 'notes_t'")).containsExactly(user);
        assertThat(rows(own, "SELECT count(*) FROM pg_roles WHERE rolname = '" + own.name() + "_notes'"))
            .containsExactly("0");
        assertThat(managed.inspector().health().warnings()).singleElement().asString()
            .contains(user + " may not create roles").contains("ALTER ROLE " + user + " CREATEROLE");
      } finally {
        logger.detachAppender(logged);
      }
    }
  }
}
