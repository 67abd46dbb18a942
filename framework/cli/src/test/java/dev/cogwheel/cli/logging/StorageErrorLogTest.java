package dev.cogwheel.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

@ExtendWith(PostgresExtension.class)
class StorageErrorLogTest {

  static final String PASSWORD = "Wr0ng-Passw0rd-6620";

  @ParameterizedTest
  @EnumSource(LogFormat.class)
  void anUnreachableDatabaseLeavesNeitherItsUrlNorItsPasswordInTheLog(LogFormat format, TestSchema schema) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = schema.server().jdbcUrl().replaceFirst(":\\d+/", ":" + closedPort + "/") + "?password=" + PASSWORD;
    assertThat(url).contains(":" + closedPort + "/");
    StorageSettings settings = StorageSettings.of(Map.of("database.url", url, "database.user", schema.user(),
        "database.schema", schema.name(), "database.pool-size", "1", "database.connection-timeout", "1s"));

    String text;
    try (CapturedLogs logs = CapturedLogs.start(format, org.slf4j.event.Level.INFO)
        .level("com.zaxxer.hikari", Level.DEBUG).level("org.postgresql", Level.DEBUG).level("dev.cogwheel.storage", Level.DEBUG)) {
      Throwable failure = catchThrowable(() -> PostgresStorageBackend.open(settings).close());
      assertThat(failure).isInstanceOf(StorageException.class);
      LoggerFactory.getLogger("dev.cogwheel.cli.DbSession").error("storage.open_failed", failure);
      text = logs.text();
    }

    assertThat(text).as("the driver logged its URL, and it was redacted").contains("<redacted:url>")
        .contains("storage.open_failed").contains(String.valueOf(closedPort));
    assertThat(text).doesNotContain(PASSWORD).doesNotContain("jdbc:").doesNotContain("://").doesNotContain(url);
  }
}
