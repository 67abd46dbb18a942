package dev.cogwheel.storage.postgres.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and restores with the real client tools where they fit the test server, and with small
 * stand-in scripts where a test needs a tool that is missing, too old or broken.
 */
@ExtendWith(PostgresExtension.class)
class PgToolsTest {

  static final String PASSWORD = "pw-Zq81-never-shown";

  private final TestSchema schema;

  PgToolsTest(TestSchema schema) {
    this.schema = schema;
  }

  @Test
  void restoreGivesBackDeletedRowsAndDroppedTablesAndRemovesLaterTables(@TempDir Path backups) throws Exception {
    assumeInstalledToolsFitTheServer();
    try (TestSchema own = TestPostgres.get().createSchema("pg_tools_roundtrip");
        PostgresStorageBackend backend = open(own, Map.of(PostgresSettings.BACKUP_DIRECTORY, backups.toString()))) {
      sql(own, "CREATE TABLE xp_members (pid text PRIMARY KEY, xp bigint NOT NULL)",
          "INSERT INTO xp_members VALUES ('a', 10), ('b', 20), ('c', 30)",
          "CREATE TABLE economy_balances (pid text PRIMARY KEY, balance bigint NOT NULL)",
          "INSERT INTO economy_balances VALUES ('a', 500)");
      backend.forPlugin("xp").state().put("season", "3");
      PgTools tools = tools(own, backend, Map.of(PostgresSettings.BACKUP_DIRECTORY, backups.toString()));

      Path backup = tools.backup();

      sql(own, "DELETE FROM xp_members WHERE pid <> 'a'", "UPDATE xp_members SET xp = 0",
          "DROP TABLE economy_balances", "CREATE TABLE xp_added_later (id int)");
      backend.forPlugin("xp").state().put("season", "4");

      tools.restore(backup);

      assertThat(rows(own, "SELECT pid || '=' || xp FROM xp_members ORDER BY pid")).containsExactly("a=10", "b=20", "c=30");
      assertThat(rows(own, "SELECT pid || '=' || balance FROM economy_balances")).containsExactly("a=500");
      assertThat(rows(own, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
          .contains("xp_members", "economy_balances", "cogwheel_state", "databasechangelog")
          .doesNotContain("xp_added_later");
      assertThat(schemasLike(own.name() + "_pre_restore_%")).isEmpty();
      assertThat(backend.forPlugin("xp").state().find("season").orElseThrow().value()).isEqualTo("3");
    }
  }

  @Test
  void backupWritesAVerifiedCustomFormatDumpNamedForTheSchema(@TempDir Path backups) throws Exception {
    assumeInstalledToolsFitTheServer();
    Path directory = backups.resolve("not/yet/there");
    Map<String, String> overrides = Map.of(PostgresSettings.BACKUP_DIRECTORY, directory.toString());
    try (PostgresStorageBackend backend = open(schema, overrides)) {
      Path first = tools(schema, backend, overrides).backup();
      Path second = tools(schema, backend, overrides).backup();

      assertThat(first.getParent()).isEqualTo(directory.toAbsolutePath());
      assertThat(first.getFileName().toString()).matches(schema.name() + "-\\d{8}-\\d{6}(-\\d+)?\\.dump");
      assertThat(Files.size(first)).isPositive();
      assertThat(Files.readAllBytes(first)).startsWith("PGDMP".getBytes(StandardCharsets.US_ASCII));
      assertThat(second).isNotEqualTo(first).exists();
      assertThat(listing(directory)).allMatch(name -> name.endsWith(".dump"));
    }
  }

  @Test
  void refusesAPgDumpOlderThanTheServer(@TempDir Path bin, @TempDir Path backups) throws Exception {
    script(bin, "pg_dump", "echo 'pg_dump (PostgreSQL) 9.6.24'");
    String server = serverMajor();
    try (PostgresStorageBackend backend = open(schema, Map.of())) {
      PgTools tools = tools(schema, backend, binAndBackups(bin, backups));

      assertThatThrownBy(tools::backup)
          .isInstanceOf(StorageInvalidException.class)
          .hasMessageStartingWith("pg_dump 9.6 cannot back up a PostgreSQL " + server + " server")
          .hasMessageContaining("install the version " + server + " client tools or set database.pg-bin-dir");
      assertThat(listing(backups)).isEmpty();
    }
  }

  @Test
  void refusesTheInstalledPgDumpWhenTheServerIsNewer(@TempDir Path backups) throws Exception {
    PgTools.Version installed = installedPgDump();
    String server = serverMajor();
    Assumptions.assumeTrue(installed != null && installed.olderThan(PgTools.Version.of(Integer.parseInt(server), 0)),
        () -> "the installed pg_dump (" + (installed == null ? "none" : installed.label()) + ") can back up the PostgreSQL "
            + server + " test server, so the real version mismatch cannot be shown here; the stand-in script test covers it");
    try (PostgresStorageBackend backend = open(schema, Map.of())) {
      PgTools tools = tools(schema, backend, Map.of(PostgresSettings.BACKUP_DIRECTORY, backups.toString()));

      assertThatThrownBy(tools::backup)
          .isInstanceOf(StorageInvalidException.class)
          .hasMessageStartingWith("pg_dump " + installed.label() + " cannot back up a PostgreSQL " + server + " server")
          .hasMessageContaining("install the version " + server + " client tools or set database.pg-bin-dir");
    }
  }

  @Test
  void saysToInstallTheClientToolsWhenPgDumpIsMissing(@TempDir Path emptyBin, @TempDir Path backups) throws Exception {
    String server = serverMajor();
    try (PostgresStorageBackend backend = open(schema, Map.of())) {
      PgTools tools = tools(schema, backend, binAndBackups(emptyBin, backups));

      assertThatThrownBy(tools::backup)
          .isInstanceOf(StorageInvalidException.class)
          .hasMessage("pg_dump was not found in database.pg-bin-dir (" + emptyBin.toAbsolutePath() + "): install the"
              + " PostgreSQL client tools for version " + server + ", or point database.pg-bin-dir at the directory"
              + " that holds them.");
    }
  }

  @Test
  void refusesAnEmptyBackupAndLeavesNoFileBehind(@TempDir Path bin, @TempDir Path backups) throws Exception {
    script(bin, "pg_dump", """
        if [ "$1" = "--version" ]; then echo 'pg_dump (PostgreSQL) 99.0'; exit 0; fi
        for arg in "$@"; do case "$arg" in --file=*) : > "${arg#--file=}";; esac; done
        exit 0""");
    try (PostgresStorageBackend backend = open(schema, Map.of())) {
      PgTools tools = tools(schema, backend, binAndBackups(bin, backups));

      assertThatThrownBy(tools::backup)
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("The backup of schema " + schema.name() + " is empty (0 bytes)")
          .hasMessageContaining("do not continue");
      assertThat(listing(backups)).isEmpty();
    }
  }

  @Test
  void reportsPgDumpsOwnErrorWhenItFails(@TempDir Path bin, @TempDir Path backups) throws Exception {
    script(bin, "pg_dump", """
        if [ "$1" = "--version" ]; then echo 'pg_dump (PostgreSQL) 99.0'; exit 0; fi
        echo 'pg_dump: error: query failed: ERROR:  permission denied for table xp_members' >&2
        exit 1""");
    try (PostgresStorageBackend backend = open(schema, Map.of())) {
      PgTools tools = tools(schema, backend, binAndBackups(bin, backups));

      assertThatThrownBy(tools::backup)
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessage("pg_dump of schema " + schema.name() + " failed (exit code 1), so there is no backup: pg_dump:"
              + " error: query failed: ERROR:  permission denied for table xp_members");
      assertThat(listing(backups)).isEmpty();
    }
  }

  @Test
  void refusesToRestoreAMissingEmptyOrNonDumpFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.dump");
    Path empty = Files.createFile(dir.resolve("empty.dump"));
    Path text = Files.writeString(dir.resolve("plain.sql"), "CREATE TABLE xp_members (pid text);");
    try (PostgresStorageBackend backend = open(schema, Map.of())) {
      PgTools tools = tools(schema, backend, Map.of());

      assertThatThrownBy(() -> tools.restore(missing))
          .isInstanceOf(StorageInvalidException.class)
          .hasMessage("The backup file " + missing.toAbsolutePath() + " does not exist.");
      assertThatThrownBy(() -> tools.restore(empty))
          .isInstanceOf(StorageInvalidException.class)
          .hasMessage("The backup file " + empty.toAbsolutePath() + " is empty (0 bytes) and cannot be restored;"
              + " choose another backup.");
      assertThatThrownBy(() -> tools.restore(text))
          .isInstanceOf(StorageInvalidException.class)
          .hasMessage("The file " + text.toAbsolutePath() + " is not a pg_dump custom-format backup (it does not start"
              + " with PGDMP); restore takes the .dump files that cogwheel db backup writes.");
    }
  }

  @Test
  void refusesToRestoreABackupOfAnotherSchema(@TempDir Path backups) throws Exception {
    assumeInstalledToolsFitTheServer();
    Map<String, String> overrides = Map.of(PostgresSettings.BACKUP_DIRECTORY, backups.toString());
    try (TestSchema other = TestPostgres.get().createSchema("pg_tools_other");
        PostgresStorageBackend mine = open(schema, overrides);
        PostgresStorageBackend theirs = open(other, overrides)) {
      Path theirBackup = tools(other, theirs, overrides).backup();

      assertThatThrownBy(() -> tools(schema, mine, overrides).restore(theirBackup))
          .isInstanceOf(StorageInvalidException.class)
          .hasMessage("The backup " + theirBackup + " holds schema " + other.name() + ", not this instance's schema "
              + schema.name() + " alone; restoring it would write outside the instance. Choose a backup of schema "
              + schema.name() + ".");
    }
  }

  @Test
  void aFailedRestoreLeavesTheSchemaAsItWas(@TempDir Path bin, @TempDir Path dir) throws Exception {
    try (TestSchema own = TestPostgres.get().createSchema("pg_tools_failed_restore");
        PostgresStorageBackend backend = open(own, Map.of())) {
      sql(own, "CREATE TABLE xp_members (pid text PRIMARY KEY, xp bigint NOT NULL)", "INSERT INTO xp_members VALUES ('a', 10)");
      script(bin, "pg_restore", """
          if [ "$1" = "--version" ]; then echo 'pg_restore (PostgreSQL) 99.0'; exit 0; fi
          if [ "$1" = "--list" ]; then echo '6; 2615 17929 SCHEMA - %s postgres'; exit 0; fi
          echo 'pg_restore: error: could not execute query: ERROR:  out of shared memory' >&2
          exit 1""".formatted(own.name()));
      Path dump = Files.write(dir.resolve("backup.dump"), "PGDMP and the rest of an archive".getBytes(StandardCharsets.US_ASCII));
      PgTools tools = tools(own, backend, Map.of(PostgresSettings.PG_BIN_DIR, bin.toString()));

      assertThatThrownBy(() -> tools.restore(dump))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessage("pg_restore of " + dump + " into schema " + own.name() + " failed (exit code 1); it ran in one"
              + " transaction, so nothing of the backup was kept. Schema " + own.name() + " is as it was. pg_restore"
              + " said: pg_restore: error: could not execute query: ERROR:  out of shared memory");
      assertThat(rows(own, "SELECT pid || '=' || xp FROM xp_members")).containsExactly("a=10");
      assertThat(schemasLike(own.name() + "_pre_restore_%")).isEmpty();
    }
  }

  @Test
  void thePasswordReachesTheToolsOnlyThroughTheEnvironmentAndNeverAnErrorMessage(@TempDir Path bin, @TempDir Path dir)
      throws Exception {
    Path seen = dir.resolve("seen");
    script(bin, "pg_dump", """
        if [ "$1" = "--version" ]; then echo 'pg_dump (PostgreSQL) 99.0'; exit 0; fi
        echo "args: $*" > '%1$s.args'
        printf '%%s' "$PGPASSWORD" > '%1$s.env'
        echo "pg_dump: error: connection failed: password \\"$PGPASSWORD\\" was rejected" >&2
        exit 1""".formatted(seen));
    script(bin, "pg_restore", """
        if [ "$1" = "--version" ]; then echo 'pg_restore (PostgreSQL) 99.0'; exit 0; fi
        if [ "$1" = "--list" ]; then echo '6; 2615 17929 SCHEMA - %s postgres'; exit 0; fi
        echo "pg_restore: error: password $PGPASSWORD is wrong" >&2
        exit 1""".formatted(schema.name()));
    Path dump = Files.write(dir.resolve("backup.dump"), "PGDMP archive".getBytes(StandardCharsets.US_ASCII));
    Path emptyBin = Files.createDirectory(dir.resolve("empty-bin"));
    Map<String, String> withPassword = Map.of(PostgresSettings.PASSWORD, PASSWORD,
        PostgresSettings.BACKUP_DIRECTORY, dir.resolve("backups").toString(), PostgresSettings.PG_BIN_DIR, bin.toString());
    try (PostgresStorageBackend backend = open(schema, withPassword)) {
      List<Throwable> failures = new ArrayList<>();
      failures.add(catchThrowable(() -> tools(schema, backend, withPassword).backup()));
      failures.add(catchThrowable(() -> tools(schema, backend, withPassword).restore(dump)));
      Map<String, String> noTools = new HashMap<>(withPassword);
      noTools.put(PostgresSettings.PG_BIN_DIR, emptyBin.toString());
      failures.add(catchThrowable(() -> tools(schema, backend, noTools).backup()));
      failures.add(catchThrowable(() -> tools(schema, backend, noTools).restore(dump)));

      assertThat(failures).hasSize(4).allSatisfy(failure -> assertThat(failure)
          .isInstanceOf(StorageException.class)
          .hasMessageNotContaining(PASSWORD)
          .hasMessageNotContaining("jdbc:postgresql"));
      assertThat(failures.get(0)).hasMessageContaining("password \"****\" was rejected");
      assertThat(failures.get(1)).hasMessageContaining("password **** is wrong");
      assertThat(Files.readString(Path.of(seen + ".env"))).isEqualTo(PASSWORD);
      assertThat(Files.readString(Path.of(seen + ".args")))
          .doesNotContain(PASSWORD)
          .contains("--schema=" + schema.name(), "--no-owner", "--format=custom", "--no-password");
    }
  }

  // --- helpers

  static PostgresStorageBackend open(TestSchema schema, Map<String, String> overrides) {
    return PostgresStorageBackend.open(StorageSettings.of(settings(schema, overrides)));
  }

  static PgTools tools(TestSchema schema, PostgresStorageBackend backend, Map<String, String> overrides) {
    return new PgTools(PostgresSettings.from(StorageSettings.of(settings(schema, overrides))), backend.dataSource());
  }

  static Map<String, String> settings(TestSchema schema, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put(PostgresSettings.URL, schema.server().jdbcUrl());
    if (schema.user() != null && !schema.user().isEmpty()) {
      settings.put(PostgresSettings.USER, schema.user());
    }
    if (schema.password() != null && !schema.password().isEmpty()) {
      settings.put(PostgresSettings.PASSWORD, schema.password());
    }
    settings.put(PostgresSettings.SCHEMA, schema.name());
    settings.put(PostgresSettings.POOL_SIZE, "2");
    settings.putAll(overrides);
    return settings;
  }

  private static Map<String, String> binAndBackups(Path bin, Path backups) {
    return Map.of(PostgresSettings.PG_BIN_DIR, bin.toString(), PostgresSettings.BACKUP_DIRECTORY, backups.toString());
  }

  /** A stand-in for a client tool: a POSIX shell script in {@code bin}. */
  private static void script(Path bin, String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  /** Runs a real backup only when the pg_dump on the PATH can back up the test server. */
  private static void assumeInstalledToolsFitTheServer() throws Exception {
    PgTools.Version installed = installedPgDump();
    String server = serverMajor();
    if (installed == null) {
      Assumptions.abort("pg_dump is not on the PATH, so a real backup cannot run; install the PostgreSQL "
          + server + " client tools");
    }
    if (installed.olderThan(PgTools.Version.of(Integer.parseInt(server), 0))) {
      Assumptions.abort("pg_dump " + installed.label() + " on the PATH cannot back up the PostgreSQL " + server
          + " test server; run with COGWHEEL_TEST_DATABASE_URL pointing at a PostgreSQL " + installed.label()
          + " server (or older) to run the real backup and restore");
    }
  }

  private static PgTools.Version installedPgDump() throws InterruptedException {
    try {
      Process process = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? PgTools.toolVersion(output) : null;
    } catch (IOException notOnThePath) {
      return null;
    }
  }

  private static String serverMajor() throws SQLException {
    try (Connection c = TestPostgres.get().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
      rs.next();
      return PgTools.Version.ofServerVersionNum(rs.getInt(1)).label();
    }
  }

  private static void sql(TestSchema schema, String... statements) throws SQLException {
    try (Connection c = schema.connect(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static List<String> rows(TestSchema schema, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = schema.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  private static List<String> schemasLike(String pattern) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = TestPostgres.get().connect();
        var ps = c.prepareStatement("SELECT nspname FROM pg_namespace WHERE nspname LIKE ?")) {
      ps.setString(1, pattern);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  private static List<String> listing(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
