package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SchemaIsolationTest {

  record Balance(long guildId, String pid, long balance) {}

  static final ConfigKey<String> PREFIX = ConfigKey.builder("prefix", ConfigType.STRING).defaultValue("!").build();

  @Test
  void twoInstancesOnTwoSchemasNeverSeeEachOthersRowsAndPublicStaysUntouched(TestSchema first) throws SQLException {
    List<String> publicBefore = publicTables();
    try (TestSchema second = TestPostgres.get().createSchema("isolation_second");
        PostgresStorageBackend a = Backends.open(first);
        PostgresStorageBackend b = Backends.open(second)) {
      String table = "CREATE TABLE economy_balances (guild_id bigint, pid text, balance bigint NOT NULL DEFAULT 0,"
          + " PRIMARY KEY (guild_id, pid))";
      Backends.sql(first, table);
      Backends.sql(second, table);
      StorageService economyA = a.forPlugin("economy");
      StorageService economyB = b.forPlugin("economy");

      economyA.table("economy_balances", Balance.class).insert(new Balance(1, "p", 100));
      economyA.state().put("season", "a");
      economyA.config().set(PREFIX, ConfigScope.guild(1), "?");
      economyA.table("economy_balances", Balance.class).increment(Key.of(1L, "q"), "balance", 5);

      assertThat(economyB.table("economy_balances", Balance.class).query(Query.all())).isEmpty();
      assertThat(economyB.state().list("")).isEmpty();
      assertThat(economyB.config().get(PREFIX, ConfigScope.guild(1))).isEqualTo("!");
      assertThat(economyA.table("economy_balances", Balance.class).count(Query.all())).isEqualTo(2);

      assertThat(tablesOf(first.name())).contains("cogwheel_config", "cogwheel_state", "cogwheel_instance",
          "databasechangelog", "databasechangeloglock", "economy_balances");
      assertThat(tablesOf(second.name())).contains("cogwheel_config", "databasechangelog");
    }
    assertThat(publicTables()).isEqualTo(publicBefore);
  }

  @Test
  void everyPooledConnectionSearchesOnlyTheInstanceSchema(TestSchema schema) throws SQLException {
    try (PostgresStorageBackend backend = Backends.open(schema);
        Connection c = backend.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_schema(), current_setting('search_path')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(schema.name());
      assertThat(rs.getString(2)).isEqualTo(schema.name());
    }
  }

  private static List<String> publicTables() throws SQLException {
    return tablesOf("public");
  }

  private static List<String> tablesOf(String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = TestPostgres.get().connect();
        var ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }
}
