package dev.cogwheel.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The PostgreSQL 17 that {@code cogwheel run} starts when no database URL is set: its data directory
 * persists under the instance directory, so the next start finds the same data. Stopped by
 * {@link #close()}.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path directory) {
    Path data = directory.toAbsolutePath();
    try {
      Files.createDirectories(data.getParent());
      return new EmbeddedDatabase(EmbeddedPostgres.builder()
          .setDataDirectory(data)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofMinutes(1))
          // zonky's defaults are for tests: it starts postgres with -F (fsync off) and sets
          // synchronous_commit=off, so a crash or power cut could lose commits or corrupt the cluster.
          // These -c options come after -F and win: this database holds a bot's data.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .start());
    } catch (IOException | RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, "Could not start the embedded PostgreSQL with its data in " + data + ": "
          + e.getMessage() + ". Set DATABASE_URL to use a PostgreSQL server of your own instead.");
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "Could not stop the embedded PostgreSQL: " + e.getMessage());
    }
  }
}
