package dev.cogwheel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cogwheel.cli.CliRunner.Result;
import dev.cogwheel.runtime.testutil.PluginJars;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups need pg_dump and pg_restore of at least the server's major version on the PATH. Where they
 * are older (pg_dump 15 next to the embedded PostgreSQL 17), these tests are skipped with a message;
 * run them against a server of the tools' version with COGWHEEL_TEST_DATABASE_URL.
 */
@ExtendWith(PostgresExtension.class)
class DbBackupCommandTest {

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

  private final TestSchema schema;

  DbBackupCommandTest(TestSchema schema) {
    this.schema = schema;
  }

  @BeforeEach
  void requireFittingClientTools() throws Exception {
    int server;
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
      rs.next();
      server = rs.getInt(1);
    }
    int tool = pgDumpMajorVersion();
    assumeTrue(tool >= server, "pg_dump " + (tool < 0 ? "is not on the PATH" : "is version " + tool)
        + ", older than the PostgreSQL " + server + " server; set COGWHEEL_TEST_DATABASE_URL to a server of"
        + " pg_dump's version to run the backup tests");
  }

  private static int pgDumpMajorVersion() throws InterruptedException {
    try {
      Process process = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      Matcher m = VERSION.matcher(output);
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void backupWritesAVerifiedDumpThatRestoreBringsBack(@TempDir Path dir) throws Exception {
    CliRunner cli = CliRunner.forSchema(schema, dir.resolve("plugins"), dir.resolve("backups"));
    PluginJars.plugin(dir.resolve("plugins"), "bk", PluginJars.additive("bk"));
    assertThat(cli.run("db", "upgrade", "--no-backup").exitCode()).isZero();
    sql("INSERT INTO bk_items VALUES (1, 'kept')");

    Result backup = cli.run("db", "backup");

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    Matcher written = Pattern.compile("Backup written and verified: (\\S+\\.dump) \\([\\d.]+ (B|KiB|MiB)\\)").matcher(backup.out());
    assertThat(written.find()).as(backup.out()).isTrue();
    Path file = Path.of(written.group(1));
    assertThat(file).startsWith(dir.resolve("backups").toAbsolutePath()).isNotEmptyFile();
    assertThat(backup.out()).contains("Restore it with: cogwheel db restore " + file);

    sql("DELETE FROM bk_items");
    Result restore = cli.run("db", "restore", file.toString(), "--yes");

    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("Restored schema " + schema.name() + " from " + file);
    assertThat(count("bk_items")).isEqualTo(1);
  }

  @Test
  void upgradeTakesABackupBeforeItAppliesAnything(@TempDir Path dir) {
    CliRunner cli = CliRunner.forSchema(schema, dir.resolve("plugins"), dir.resolve("backups"));
    PluginJars.plugin(dir.resolve("plugins"), "bkup", PluginJars.additive("bkup"));

    Result upgrade = cli.run("db", "upgrade");

    assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
    assertThat(upgrade.out()).containsPattern("Backup: " + Pattern.quote(dir.resolve("backups").toAbsolutePath().toString())
        + "/\\S+\\.dump \\(verified\\)").contains("Applied: 1 changeset");
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = schema.connect(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private long count(String table) throws SQLException {
    try (Connection c = schema.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
