package dev.cogwheel.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestSchemaTest {

  private final TestPostgres server = TestPostgres.get();

  @Test
  void twoSchemasFromOneServerAreDistinctAndDroppedOnClose() throws SQLException {
    TestSchema first = server.createSchema("TestSchemaTest");
    TestSchema second = server.createSchema("TestSchemaTest");

    assertThat(first.name()).isNotEqualTo(second.name());
    assertThat(schemaExists(first.name())).isTrue();
    assertThat(schemaExists(second.name())).isTrue();
    try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE item (id int PRIMARY KEY)");
    }
    assertThat(tableExists(first.name(), "item")).isTrue();
    assertThat(tableExists(second.name(), "item")).isFalse();

    drop(first);
    drop(second);

    assertThat(schemaExists(first.name())).isFalse();
    assertThat(schemaExists(second.name())).isFalse();
  }

  @Test
  void connectionsUseTheSchema() throws SQLException {
    try (TestSchema schema = server.createSchema("TestSchemaTest");
         Connection connection = schema.connect();
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT current_schema()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo(schema.name());
      assertThat(schema.jdbcUrl()).isEqualTo(server.jdbcUrl()
          + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema.name());
    }
  }

  @Test
  void keptSchemaSurvivesClose() throws SQLException {
    TestSchema schema = server.createSchema("TestSchemaTest");

    schema.close(true, Duration.ofSeconds(1));

    try {
      assertThat(schemaExists(schema.name())).isTrue();
    } finally {
      try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + schema.name() + " CASCADE");
      }
    }
  }

  @Test
  void closeFailsClearlyWhileATransactionHoldsALockAndSucceedsAfterIt() throws SQLException {
    TestSchema schema = server.createSchema("TestSchemaTest");
    try (Connection holder = schema.connect(); Statement statement = holder.createStatement()) {
      statement.execute("CREATE TABLE item (id int)");
      holder.setAutoCommit(false);
      statement.execute("LOCK TABLE item IN ACCESS SHARE MODE");

      Throwable failure = catchThrowable(() -> schema.close(false, Duration.ofMillis(200)));

      assertThat(failure)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Could not drop schema " + schema.name() + " within 200 ms: a connection still holds a lock"
              + " in it. Close the test's connections and pools before the schema.");
      holder.rollback();
    }

    drop(schema);

    assertThat(schemaExists(schema.name())).isFalse();
  }

  @Test
  void namesAreShortLowerCaseIdentifiersDerivedFromTheHint() {
    assertThat(TestSchema.nameFor("ConfigStoreTest")).matches("config_store_test_[a-z0-9]{8}");
    assertThat(TestSchema.nameFor("HTTPServer-Test$Inner")).matches("httpserver_test_inner_[a-z0-9]{8}");
    assertThat(TestSchema.nameFor("42 Ünïcode!")).matches("t_42_n_code_[a-z0-9]{8}");
    assertThat(TestSchema.nameFor("pg_catalog")).matches("t_pg_catalog_[a-z0-9]{8}");
    assertThat(TestSchema.nameFor(null)).matches("test_[a-z0-9]{8}");
    assertThat(TestSchema.nameFor("  ")).matches("test_[a-z0-9]{8}");
    String longName = TestSchema.nameFor("A".repeat(40) + "VeryLongTestClassName".repeat(5));
    assertThat(longName).hasSizeLessThanOrEqualTo(30).matches("[a-z][a-z0-9_]*[a-z0-9]_[a-z0-9]{8}");
    assertThat(TestSchema.nameFor("Same")).isNotEqualTo(TestSchema.nameFor("Same"));
  }

  /** Closes as {@link TestSchema#close()} does, whatever COGWHEEL_TEST_KEEP_SCHEMAS says. */
  private static void drop(TestSchema schema) {
    schema.close(false, Duration.ofSeconds(10));
  }

  private boolean schemaExists(String name) throws SQLException {
    return exists("SELECT 1 FROM pg_namespace WHERE nspname = ?", name);
  }

  private boolean tableExists(String schema, String table) throws SQLException {
    return exists("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", schema, table);
  }

  private boolean exists(String sql, String... parameters) throws SQLException {
    try (Connection connection = server.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }
}
