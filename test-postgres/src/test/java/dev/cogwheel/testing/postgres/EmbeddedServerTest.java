package dev.cogwheel.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServerTest {

  @Test
  void stoppedServerRefusesConnectionsAndRestartsOnTheSamePortWithTheSameData(@TempDir Path directory)
      throws SQLException {
    try (EmbeddedServer server = EmbeddedServer.create(directory.resolve("pg"), 0)) {
      server.start();
      int port = server.port();
      String url = server.jdbcUrl();
      try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE survivor (id int PRIMARY KEY, name text)");
        statement.execute("INSERT INTO survivor VALUES (1, 'kept')");
      }
      Connection heldOpen = server.connect();

      server.stop();

      assertThat(server.isRunning()).isFalse();
      long started = System.nanoTime();
      assertThatThrownBy(server::connect).isInstanceOf(SQLException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThatThrownBy(() -> heldOpen.createStatement().executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
      heldOpen.close();

      server.start();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.jdbcUrl()).isEqualTo(url);
      try (Connection connection = server.connect();
           Statement statement = connection.createStatement();
           ResultSet result = statement.executeQuery("SELECT name FROM survivor WHERE id = 1")) {
        assertThat(result.next()).isTrue();
        assertThat(result.getString(1)).isEqualTo("kept");
      }
    }
  }

  @Test
  void closeStopsTheServerForGoodAndKeepsTheData(@TempDir Path directory) {
    EmbeddedServer server = EmbeddedServer.create(directory.resolve("pg"), 0);
    server.start();

    server.close();

    assertThat(server.isRunning()).isFalse();
    assertThat(directory.resolve("pg/postgresql.conf")).exists();
    assertThatThrownBy(server::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("EmbeddedServer on port " + server.port() + " is closed");
  }

  @Test
  void refusesADirectoryThatHoldsSomethingElse(@TempDir Path directory) throws IOException {
    Files.writeString(directory.resolve("notes.txt"), "not a database");

    assertThatThrownBy(() -> EmbeddedServer.create(directory, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataDirectory " + directory.toAbsolutePath()
            + " is neither empty nor a PostgreSQL data directory (no postgresql.conf)");
  }

  @Test
  void refusesAPortOutOfRange(@TempDir Path directory) {
    assertThatThrownBy(() -> EmbeddedServer.create(directory, 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, got 70000");
  }
}
