package dev.cogwheel.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {

  private final TestSchema schema;

  PostgresExtensionTest(TestSchema schema) {
    this.schema = schema;
  }

  @Test
  void injectedSchemaIsTheCurrentSchemaOfItsUrl(TestSchema parameter) throws SQLException {
    assertThat(parameter).isSameAs(schema);
    try (Connection connection = DriverManager.getConnection(schema.jdbcUrl(), schema.user(), schema.password());
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT current_schema()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo(schema.name());
    }
  }

  @Test
  void schemaIsNamedAfterTheTestClass() {
    assertThat(schema.name()).matches("postgres_extension_te_[a-z0-9]{8}");
  }

  @Test
  void serverParameterIsTheSharedServer(TestPostgres server) {
    assertThat(server).isSameAs(TestPostgres.get()).isSameAs(schema.server());
  }

  @Test
  void everyTestOfAClassSharesOneSchemaThatIsDroppedAfterTheClass() throws SQLException {
    assumeFalse(Boolean.parseBoolean(System.getenv(TestSchema.KEEP_SCHEMAS_VARIABLE)),
        "schemas are kept: " + TestSchema.KEEP_SCHEMAS_VARIABLE + "=true");
    Recorder.schemas.clear();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Recorder.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(Recorder.schemas).hasSize(1);
    String name = Recorder.schemas.iterator().next();
    try (Connection connection = TestPostgres.get().connect();
         PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).as("schema %s still exists", name).isFalse();
      }
    }
  }

  /** Run only by the test above, through the engine test kit; surefire skips nested classes. */
  @ExtendWith(PostgresExtension.class)
  static class Recorder {
    static final Set<String> schemas = ConcurrentHashMap.newKeySet();

    @Test
    void first(TestSchema schema) {
      schemas.add(schema.name());
    }

    @Test
    void second(TestSchema schema) {
      schemas.add(schema.name());
    }
  }
}
