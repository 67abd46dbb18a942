package dev.cogwheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.cli.CliRunner.Result;
import dev.cogwheel.runtime.testutil.PluginJars;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration commands against real PostgreSQL, with plugin jars built in a temporary directory.
 * All tests share one schema; each uses its own plugin ids, so their sources do not meet.
 */
@ExtendWith(PostgresExtension.class)
class DbMigrationCommandsTest {

  private final TestSchema schema;

  DbMigrationCommandsTest(TestSchema schema) {
    this.schema = schema;
  }

  private CliRunner cli(Path dir) {
    return CliRunner.forSchema(schema, dir.resolve("plugins"), dir.resolve("backups"));
  }

  @Test
  void statusAndPlanShowAnAdditiveAndADestructiveChangesetWithTheApproveCommand(@TempDir Path dir) {
    PluginJars.plugin(dir.resolve("plugins"), "xpplan", PluginJars.additiveThenDestructive("xpplan"));

    Result status = cli(dir).run("db", "status");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).containsPattern("cogwheel +up to date +\\d+ +0")
        .containsPattern("xpplan +waiting for approval +0 +2 \\(1 additive, 1 destructive\\)")
        .contains("xpplan:0002-drop-level (destructive) waits for approval: cogwheel db approve xpplan:0002-drop-level")
        .contains("cogwheel db plan");

    Result plan = cli(dir).run("db", "plan");

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains("== xpplan (plugins/xpplan/changelog.yaml): 2 pending changesets, waiting for approval")
        .contains("xpplan:0001-members  additive, applies at the next upgrade")
        .contains("xpplan:0002-drop-level  destructive, waits for approval")
        .containsPattern("reasons +dropColumn")
        .containsPattern("SQL +CREATE TABLE .*xpplan_members")
        .containsPattern("SQL +ALTER TABLE .*xpplan_members DROP COLUMN level")
        .containsPattern("rollback +yes")
        .containsPattern("rollback +no")
        .containsPattern("approve +cogwheel db approve xpplan:0002-drop-level");
    assertThat(plan.out()).doesNotContain("cogwheel db approve xpplan:0001-members");
  }

  @Test
  void upgradeAppliesTheAdditiveChangesetAndExitsNonZeroWhileTheDestructiveOneWaits(@TempDir Path dir) throws SQLException {
    PluginJars.plugin(dir.resolve("plugins"), "xpwait", PluginJars.additiveThenDestructive("xpwait"));

    Result upgrade = cli(dir).run("db", "upgrade", "--no-backup");

    assertThat(upgrade.exitCode()).as(upgrade.toString()).isEqualTo(ExitCodes.WAITING);
    assertThat(upgrade.out()).contains("Backup: skipped (--no-backup)")
        .contains("Applied: 1 changeset")
        .containsPattern("xpwait +1 +waiting for approval +1 \\(1 destructive\\)")
        .containsPattern("xpwait:0002-drop-level +destructive +cogwheel db approve xpwait:0002-drop-level")
        .contains("Then run cogwheel db upgrade again.");
    assertThat(columns("xpwait_members")).contains("level");
  }

  @Test
  void approveThenUpgradeAppliesTheDestructiveChangesetAndHistoryListsBoth(@TempDir Path dir) throws SQLException {
    PluginJars.plugin(dir.resolve("plugins"), "xpok", PluginJars.additiveThenDestructive("xpok"));
    assertThat(cli(dir).run("db", "upgrade", "--no-backup").exitCode()).isEqualTo(ExitCodes.WAITING);

    Result approve = cli(dir).run("db", "approve", "xpok:0002-drop-level", "--by", "alice");

    assertThat(approve.exitCode()).as(approve.toString()).isZero();
    assertThat(approve.out()).contains("Approved xpok:0002-drop-level (destructive) as alice, for checksum ")
        .containsPattern("SQL +ALTER TABLE .*DROP COLUMN level")
        .contains("cogwheel db upgrade");
    assertThat(cli(dir).run("db", "plan", "xpok").out()).contains("destructive, approved, applies at the next upgrade");

    Result upgrade = cli(dir).run("db", "upgrade", "--no-backup");

    assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
    assertThat(upgrade.out()).contains("Applied: 1 changeset").containsPattern("xpok +1 +up to date +0");
    assertThat(columns("xpok_members")).doesNotContain("level");

    Result history = cli(dir).run("db", "history", "xpok");

    assertThat(history.exitCode()).isZero();
    assertThat(history.out()).containsPattern("SOURCE +CHANGESET +AUTHOR +APPLIED \\(UTC\\) +HOW")
        .containsPattern("xpok +0001-members +test +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +ran")
        .containsPattern("xpok +0002-drop-level +test .* ran");
    assertThat(history.out().indexOf("0001-members")).isLessThan(history.out().indexOf("0002-drop-level"));
    assertThat(cli(dir).run("db", "history").out()).contains("cogwheel  0001-config");
  }

  @Test
  void approveRecordsTheUserNameWithoutBy(@TempDir Path dir) {
    PluginJars.plugin(dir.resolve("plugins"), "xpby", PluginJars.additiveThenDestructive("xpby"));

    Result approve = cli(dir).run("db", "approve", "xpby:0002-drop-level");

    assertThat(approve.exitCode()).as(approve.toString()).isZero();
    assertThat(approve.out()).startsWith("Approved xpby:0002-drop-level (destructive) as tester, for checksum ");
  }

  @Test
  void approvingAnAdditiveOrUnknownChangesetFailsWithTheEnginesMessage(@TempDir Path dir) {
    PluginJars.plugin(dir.resolve("plugins"), "xpref", PluginJars.additiveThenDestructive("xpref"));

    Result additive = cli(dir).run("db", "approve", "xpref:0001-members");
    Result unknown = cli(dir).run("db", "approve", "xpref:9999-nothing");
    Result noSource = cli(dir).run("db", "plan", "nosuchplugin");

    assertThat(additive.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(additive.err()).contains("is additive and applies without approval");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err()).contains("No pending changeset xpref:9999-nothing");
    assertThat(noSource.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noSource.err()).contains("nosuchplugin").contains("xpref");
    assertThat(additive.err() + unknown.err() + noSource.err()).doesNotContain("\tat ");
  }

  @Test
  void rollbackUndoesTheLastChangesetOfASource(@TempDir Path dir) throws SQLException {
    PluginJars.plugin(dir.resolve("plugins"), "rb", PluginJars.additive("rb"));
    assertThat(cli(dir).run("db", "upgrade", "--no-backup").exitCode()).isZero();
    assertThat(tableExists("rb_items")).isTrue();

    Result rollback = cli(dir).run("db", "rollback", "rb", "--count", "1", "--no-backup");

    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(rollback.out()).contains("Rolled back 1 changeset of rb, newest first:").contains("rb:0001-items");
    assertThat(tableExists("rb_items")).isFalse();
    assertThat(cli(dir).run("db", "rollback", "rb", "--count", "1", "--no-backup").err())
        .contains("rb has 0 applied changesets; cannot roll back 1. Nothing was rolled back.");
  }

  @Test
  void baselineWithYesMarksChangesetsOfAnExistingDatabaseAsApplied(@TempDir Path dir) throws SQLException {
    sql("CREATE TABLE legacy_items (id bigint PRIMARY KEY, name text)");
    PluginJars.plugin(dir.resolve("plugins"), "legacy", PluginJars.additive("legacy"));

    Result baseline = cli(dir).run("db", "baseline", "legacy", "--yes");

    assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
    assertThat(baseline.out()).containsPattern("legacy +1 \\(1 additive\\)")
        .contains("Marked 1 changeset as applied (baseline).");
    assertThat(cli(dir).run("db", "history", "legacy").out()).containsPattern("legacy +0001-items +test ");
    assertThat(cli(dir).run("db", "status").out()).containsPattern("legacy +up to date +1 +0");
    assertThat(cli(dir).run("db", "baseline", "legacy", "--yes").out()).contains("Nothing to baseline");
  }

  @Test
  void baselineAsksOnATerminalAndChangesNothingWhenDeclined(@TempDir Path dir) {
    PluginJars.plugin(dir.resolve("plugins"), "declined", PluginJars.additive("declined"));
    CliRunner.ScriptedPrompter terminal = new CliRunner.ScriptedPrompter("n");

    Result baseline = cli(dir).prompter(terminal).run("db", "baseline", "declined");

    assertThat(baseline.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(terminal.questions).singleElement().asString().contains("Mark these 1 changeset as applied without running them?");
    assertThat(baseline.out()).contains("Cancelled. Nothing was marked.");
    assertThat(cli(dir).run("db", "status").out()).containsPattern("declined +pending +0 +1 \\(1 additive\\)");
  }

  @Test
  void baselineWithoutYesAndWithoutATerminalRefuses(@TempDir Path dir) {
    Result baseline = cli(dir).run("db", "baseline");

    assertThat(baseline.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(baseline.err()).startsWith("Refusing to baseline without a confirmation").contains("no terminal")
        .contains("--yes").contains("Nothing was marked.");
  }

  @Test
  void restoreWithoutYesAndWithoutAConsoleRefusesBeforeTouchingTheDatabase(@TempDir Path dir) throws Exception {
    Path dump = Files.writeString(dir.resolve("cfg-20250101-000000.dump"), "PGDMP not really");
    CliRunner broken = CliRunner.withEnvironment(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/nothing"));

    Result restore = broken.run("db", "restore", dump.toString());

    assertThat(restore.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(restore.err()).startsWith("Refusing to restore without a confirmation (it replaces the instance schema with " + dump + ")")
        .contains("no terminal to ask on").contains("pass --yes").contains("Nothing was restored.");
  }

  @Test
  void restoreOfAMissingFileSaysSo(@TempDir Path dir) {
    Result restore = cli(dir).run("db", "restore", dir.resolve("nope.dump").toString(), "--yes");

    assertThat(restore.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(restore.err()).contains("nope.dump does not exist. Nothing was restored.");
  }

  @Test
  void aJarWithoutADescriptorIsReportedAndSkipped(@TempDir Path dir) {
    Path plugins = dir.resolve("plugins");
    PluginJars.plugin(plugins, "good", PluginJars.additive("good"));
    Path broken = PluginJars.jar(plugins.resolve("broken.jar"), Map.of("Created-By", "test"),
        Map.of("db/changelog/broken/changelog.yaml", PluginJars.additive("broken")));

    Result status = cli(dir).run("db", "status");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.err()).contains("Warning: skipped " + broken + ": no readable plugin descriptor");
    assertThat(status.out()).containsPattern("good +pending").doesNotContain("broken");
  }

  @Test
  void releaseLocksReleasesALockLeftByACrash(@TempDir Path dir) throws SQLException {
    assertThat(cli(dir).run("db", "status").exitCode()).isZero();
    sql("UPDATE databasechangeloglock SET locked = true, lockgranted = now(), lockedby = 'crashed-host'");

    Result release = cli(dir).run("db", "release-locks");

    assertThat(release.exitCode()).as(release.toString()).isZero();
    assertThat(release.out()).isEqualTo("Released the migration lock of schema " + schema.name() + ".\n");
    assertThat(cli(dir).run("db", "release-locks").out()).contains("No migration lock was held");
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = schema.connect(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private boolean tableExists(String table) throws SQLException {
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT to_regclass('" + schema.name() + "." + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private String columns(String table) throws SQLException {
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT string_agg(column_name, ',') FROM information_schema.columns"
            + " WHERE table_schema = '" + schema.name() + "' AND table_name = '" + table + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
