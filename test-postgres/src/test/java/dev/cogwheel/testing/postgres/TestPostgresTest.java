package dev.cogwheel.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

  @Test
  void fixtureGivesAWorkingConnection() throws SQLException {
    TestPostgres server = TestPostgres.get();

    try (Connection connection = server.connect();
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT current_user, current_setting('server_version_num')::int")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo(server.user());
      assertThat(result.getInt(2)).isGreaterThanOrEqualTo(140_000);
    }
    assertThat(server.source()).isIn(TestPostgres.SOURCE_ENVIRONMENT, TestPostgres.SOURCE_TESTCONTAINERS,
        TestPostgres.SOURCE_EMBEDDED);
    assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://").doesNotContain("password=", "currentSchema=");
  }

  @Test
  void everyThreadGetsTheSameServer() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(8);
    try {
      List<Callable<TestPostgres>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(TestPostgres::get);
      }
      for (Future<TestPostgres> server : executor.invokeAll(calls)) {
        assertThat(server.get()).isSameAs(TestPostgres.get());
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void databaseUrlInLibpqFormReachesTheServer() throws SQLException {
    TestPostgres shared = TestPostgres.get();
    String libpqUrl = "postgresql://" + encode(shared.user()) + ":" + encode(shared.password()) + "@"
        + shared.jdbcUrl().substring("jdbc:postgresql://".length());

    TestPostgres server = TestPostgres.resolve(Map.of(TestPostgres.DATABASE_URL_VARIABLE, libpqUrl)::get);

    assertThat(server.source()).isEqualTo("COGWHEEL_TEST_DATABASE_URL");
    assertThat(server.jdbcUrl()).isEqualTo(shared.jdbcUrl());
    try (Connection connection = server.connect()) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  @Test
  void unreachableDatabaseUrlFailsNamingTheVariableButNotThePassword() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/test?user=postgres&password=hunter2";

    Map<String, String> environment = Map.of(TestPostgres.DATABASE_URL_VARIABLE, url);

    Throwable failure = catchThrowable(() -> TestPostgres.resolve(environment::get));

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("COGWHEEL_TEST_DATABASE_URL is set, but PostgreSQL at jdbc:postgresql://127.0.0.1:")
        .hasMessageContaining("does not answer")
        .hasMessageEndingWith("unset it to use Testcontainers or an embedded PostgreSQL.");
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      assertThat(String.valueOf(cause.getMessage())).doesNotContain("hunter2");
    }
  }

  @Test
  void invalidDatabaseUrlFailsNamingTheVariable() {
    Throwable failure = catchThrowable(() -> TestPostgres.resolve(
        Map.of(TestPostgres.DATABASE_URL_VARIABLE, "localhost:5432/test")::get));

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("COGWHEEL_TEST_DATABASE_URL must start with jdbc:postgresql://");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A port nothing listens on: bound once to find it free, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
