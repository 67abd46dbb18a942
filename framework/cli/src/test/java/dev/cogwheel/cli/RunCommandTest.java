package dev.cogwheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  @Test
  void withoutATokenRunPointsToLocal() {
    CliRunner.Result result = CliRunner.withEnvironment(Map.of()).run("run");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONFIG);
    assertThat(result.err()).contains("DISCORD_TOKEN is not set").contains("cogwheel run --local");
  }

  @Test
  void theEmbeddedDatabaseKeepsItsDataAcrossStarts(@TempDir Path instance) throws Exception {
    Path data = instance.resolve("data/postgres");
    try (EmbeddedDatabase first = EmbeddedDatabase.start(data);
        Connection c = DriverManager.getConnection(first.jdbcUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text)");
      s.execute("INSERT INTO kept VALUES ('from the first start')");
    }
    try (EmbeddedDatabase second = EmbeddedDatabase.start(data);
        Connection c = DriverManager.getConnection(second.jdbcUrl()); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT v FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("from the first start");
    }
  }

  @Test
  void theEmbeddedDatabaseIsDurable(@TempDir Path instance) throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(instance.resolve("data/postgres"));
        Connection c = DriverManager.getConnection(database.jdbcUrl()); Statement s = c.createStatement()) {
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
        try (ResultSet value = s.executeQuery("SHOW " + setting)) {
          assertThat(value.next()).isTrue();
          assertThat(value.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }
}
