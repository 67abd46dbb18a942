package dev.cogwheel.storage.postgres.migration;

import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.appliedNow;
import static dev.cogwheel.storage.postgres.migration.ChangesetReviewTest.createTable;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.rows;
import static dev.cogwheel.storage.postgres.migration.MigrationBackends.tableExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup before an upgrade, with the pg_dump on the PATH. Which test runs depends on that pg_dump
 * and the test server: pg_dump refuses a newer server, so with the default embedded PostgreSQL 17 and
 * an older pg_dump the upgrade must fail before applying anything; with a server pg_dump can dump
 * (COGWHEEL_TEST_DATABASE_URL pointing at PostgreSQL 15 here) the upgrade writes a backup first.
 */
@ExtendWith({PostgresExtension.class, PublicSchemaGuard.class})
class MigrationBackupTest {

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)");

  @TempDir static Path backups;
  @TempDir Path plugins;

  private static PostgresStorageBackend backend;
  private static SchemaMigrations migrations;
  private static TestSchema schema;
  private static int serverMajor;
  private static int pgDumpMajor;

  @BeforeAll
  static void open(TestSchema testSchema) throws Exception {
    schema = testSchema;
    backend = MigrationBackends.open(schema, Map.of(PostgresSettings.BACKUP_DIRECTORY, backups.toString()));
    migrations = backend.migrations();
    serverMajor = Integer.parseInt(rows(schema, "SELECT current_setting('server_version_num')").get(0)) / 10_000;
    pgDumpMajor = pgDumpMajor();
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void upgradeWithAPgDumpOlderThanTheServerFailsAndAppliesNothing() throws IOException {
    assumeTrue(pgDumpMajor > 0 && pgDumpMajor < serverMajor, "needs a pg_dump on the PATH older than the server"
        + " (found pg_dump " + pgDumpMajor + " and PostgreSQL " + serverMajor + "), as with the default embedded"
        + " PostgreSQL 17 and pg_dump 15");
    migrations.register(PluginFixture.of("unsafe").changelog(createTable("unsafe", "unsafe_t")).jarSource(plugins));

    assertThatThrownBy(() -> migrations.upgrade(null, true))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("pg_dump " + pgDumpMajor + " cannot back up a PostgreSQL " + serverMajor + " server"
            + " (pg_dump must be at least the server's version")
        .hasMessageContaining("install the version " + serverMajor + " client tools or set " + PostgresSettings.PG_BIN_DIR);

    assertThat(tableExists(schema, "unsafe_t")).isFalse();
    assertThat(rows(schema, "SELECT count(*) FROM databasechangelog WHERE filename LIKE 'plugins/%'")).containsExactly("0");
    assertThat(migrations.status("unsafe").state()).isEqualTo(SourceState.PENDING);
    try (Stream<Path> files = Files.list(backups)) {
      assertThat(files).as("no file that looks like a backup").isEmpty();
    }
  }

  @Test
  void upgradeWritesAVerifiedBackupBeforeApplying() throws IOException {
    assumeTrue(pgDumpMajor >= serverMajor, "needs a pg_dump on the PATH at least as new as the server (found pg_dump "
        + (pgDumpMajor < 0 ? "none" : pgDumpMajor) + " and PostgreSQL " + serverMajor + "); run with"
        + " COGWHEEL_TEST_DATABASE_URL pointing at a PostgreSQL 15 server for this path");
    migrations.register(PluginFixture.of("safe").changelog(createTable("safe", "safe_t")).jarSource(plugins));

    UpgradeResult result = migrations.upgrade(null, true);

    assertThat(appliedNow(result, "safe")).isEqualTo(1);
    Path backup = result.backup().orElseThrow(() -> new AssertionError("no backup taken before the upgrade"));
    assertThat(backup.getParent()).isEqualTo(backups.toAbsolutePath());
    assertThat(backup.getFileName().toString()).startsWith(schema.name() + "-").endsWith(".dump");
    assertThat(Files.size(backup)).isPositive();
    try (var in = Files.newInputStream(backup)) {
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
    }
    assertThat(tableExists(schema, "safe_t")).isTrue();

    assertThat(migrations.upgrade(null, true).backup()).as("nothing to apply, no backup").isEmpty();
  }

  /** The major version of the pg_dump on the PATH, or -1 when there is none. */
  private static int pgDumpMajor() throws InterruptedException {
    try {
      Process process = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return -1;
      }
      Matcher m = VERSION.matcher(output);
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException notInstalled) {
      return -1;
    }
  }
}
