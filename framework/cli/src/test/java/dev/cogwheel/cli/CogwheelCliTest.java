package dev.cogwheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help, version, and errors that need no database. */
class CogwheelCliTest {

  private static final List<String> DB_COMMANDS = List.of("status", "history", "plan", "upgrade", "approve", "rollback",
      "baseline", "backup", "restore", "health", "tables", "stats", "release-locks");

  private final CliRunner cli = CliRunner.withEnvironment(Map.of());

  @Test
  void versionNamesTheProjectVersion() {
    Result version = cli.run("--version");

    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("cogwheel 0.").contains("Java ");
  }

  @Test
  void dbHelpListsEveryCommandWithItsPurpose() {
    Result help = cli.run("db", "--help");

    assertThat(help.exitCode()).isZero();
    for (String command : DB_COMMANDS) {
      assertThat(help.out()).containsPattern("(?m)^  " + command + " +\\S+");
    }
    assertThat(help.out()).contains("Exit codes:").contains("--config=<file>");
  }

  @Test
  void everyDbCommandHasHelp() {
    for (String command : DB_COMMANDS) {
      Result help = cli.run("db", command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: cogwheel db " + command).contains("--verbose").contains("--help");
    }
    assertThat(cli.run("db", "upgrade", "--help").out()).contains("--no-backup");
    assertThat(cli.run("db", "restore", "--help").out()).contains("--yes").contains("<file>");
    assertThat(cli.run("db", "approve", "--help").out()).contains("--by=<name>").contains("<ref>");
    assertThat(cli.run("db", "rollback", "--help").out()).contains("--count=N").contains("<source>");
  }

  @Test
  void dbWithoutACommandPrintsItsUsageAndFails() {
    Result db = cli.run("db");

    assertThat(db.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(db.err()).contains("Usage: cogwheel db").contains("upgrade");
  }

  @Test
  void aMissingDatabaseUrlSaysWhereToSetIt() {
    Result status = cli.run("db", "status");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.CONFIG);
    assertThat(status.err()).startsWith("Configuration error: database.url is not set: set the DATABASE_URL environment"
        + " variable, or database.url in the configuration file").doesNotContain("\tat ");
  }

  @Test
  void anUnknownSettingInTheFileNamesTheFileAndTheClosestSetting(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("cogwheel.properties"), "database.url=jdbc:postgresql://localhost/x\ndatabase.shema=bot\n");

    Result status = cli.run("db", "status", "--config", file.toString());

    assertThat(status.exitCode()).isEqualTo(ExitCodes.CONFIG);
    assertThat(status.err()).contains("Unknown setting 'database.shema' in " + file + "; did you mean 'database.schema'?");
  }

  @Test
  void theConfigOptionWorksBeforeTheCommandsToo(@TempDir Path dir) {
    Result status = cli.run("--config", dir.resolve("missing.properties").toString(), "db", "status");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.CONFIG);
    assertThat(status.err()).contains("missing.properties does not exist");
  }

  @Test
  void aConfiguredPluginsDirectoryThatDoesNotExistIsAConfigurationError(@TempDir Path dir) {
    Result status = CliRunner.withEnvironment(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/x",
        "COGWHEEL_PLUGINS_DIR", dir.resolve("nope").toString())).run("db", "status");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.CONFIG);
    assertThat(status.err()).contains("plugins.directory is '" + dir.resolve("nope") + "', which is not a directory");
  }

  @Test
  void anUnreachableDatabaseIsReportedWithoutAStackTrace() {
    Result tables = CliRunner.withEnvironment(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/x")).run("db", "tables");

    assertThat(tables.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(tables.err()).startsWith("Error: ").doesNotContain("\tat ");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Result status = CliRunner.withEnvironment(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/x"))
        .run("db", "tables", "--verbose");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(status.err()).contains("\tat ");
  }
}
