package dev.cogwheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.cli.CliRunner.Result;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class DbInspectionCommandsTest {

  private final TestSchema schema;

  DbInspectionCommandsTest(TestSchema schema) {
    this.schema = schema;
  }

  @Test
  void healthReportsTheServerTheSchemaAndTheRoundTrip(@TempDir Path dir) {
    Result health = CliRunner.forSchema(schema, dir, dir).run("db", "health");

    assertThat(health.exitCode()).as(health.toString()).isZero();
    assertThat(health.out()).containsPattern("Database +reachable")
        .containsPattern("Server +PostgreSQL \\d+")
        .containsPattern("Schema +" + schema.name())
        .containsPattern("Round trip +[\\d.]+ m?s")
        .containsPattern("Pool +\\d+ connections of this command")
        .containsPattern("Config cache +receives change notifications")
        // The test server's user is a superuser, which an operator is told to change.
        .containsPattern("Warning +The bot connects as \\S+, a superuser: .* Least-privilege database setup");
  }

  @Test
  void healthOfAnUnreachableDatabaseSaysSoWithoutTheUrlOrPassword() {
    Result health = CliRunner.withEnvironment(Map.of(
            "DATABASE_URL", "postgres://bot:s3cretpw@127.0.0.1:1/cogwheel", "DB_SCHEMA", "cfg"))
        .run("db", "health");

    assertThat(health.exitCode()).as(health.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(health.out()).containsPattern("Database +UNREACHABLE").containsPattern("Problem +\\S+");
    assertThat(health.out() + health.err()).doesNotContain("s3cretpw").doesNotContain("\tat ");
  }

  @Test
  void tablesListsTheCoreTablesWithOwnerRowsAndSize(@TempDir Path dir) {
    Result tables = CliRunner.forSchema(schema, dir, dir).run("db", "tables");

    assertThat(tables.exitCode()).as(tables.toString()).isZero();
    assertThat(tables.out()).containsPattern("TABLE +OWNER +ROWS \\(EST.\\) +SIZE")
        .containsPattern("cogwheel_config +cogwheel +\\d+ +[\\d.]+ (B|KiB|MiB)")
        .containsPattern("databasechangelog +\\S+ +\\d+ +[\\d.]+ (B|KiB|MiB)")
        .containsPattern("\\d+ tables, [\\d.]+ (KiB|MiB)\\.");
  }

  @Test
  void statsShowsSizesConnectionsAndTheCacheHitRatio(@TempDir Path dir) {
    Result stats = CliRunner.forSchema(schema, dir, dir).run("db", "stats");

    assertThat(stats.exitCode()).as(stats.toString()).isZero();
    assertThat(stats.out()).containsPattern("Database size +[\\d.]+ (KiB|MiB|GiB)")
        .containsPattern("Instance schema +[\\d.]+ (B|KiB|MiB) in \\d+ tables")
        .containsPattern("Connections +\\d+ open of \\d+ allowed")
        .containsPattern("Transactions +[\\d,]+ committed, [\\d,]+ rolled back")
        .containsPattern("Cache hit ratio +\\d+\\.\\d%");
  }
}
