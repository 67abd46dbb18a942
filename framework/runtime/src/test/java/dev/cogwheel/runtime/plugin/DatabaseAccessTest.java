package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseAccessTest {

  StorageBackend backend;
  Path plugins;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) {
    this.plugins = plugins;
    backend = Hosts.backend(schema);
    PluginBuilder.plugin("legacy").cog("", """
        java.sql.Connection open() throws java.sql.SQLException {
          return java.sql.DriverManager.getConnection("jdbc:postgresql://localhost/bank");
        }
        """).jar(plugins);
    PluginBuilder.plugin("pooled").cog("", "javax.sql.DataSource source;").jar(plugins);
    PluginBuilder.plugin("clean").cog("context.storage().state().put(\"ok\", \"yes\");").jar(plugins);
  }

  @AfterAll
  void stop() {
    backend.close();
  }

  @Test
  void directDatabaseAccessIsRefusedNamingTheClassAndMember() {
    try (CogwheelPluginManager manager = Hosts.manager(plugins, backend)) {
      manager.startAll();

      PluginInfo legacy = manager.find("legacy").orElseThrow();
      assertThat(legacy.state()).isEqualTo(PluginState.FAILED);
      assertThat(legacy.reason())
          .startsWith("the load-time check refuses its code: ")
          .contains("dev.example.legacy.Main.open references java.sql.Connection [JDBC and javax.sql]")
          .contains("dev.example.legacy.Main.open references java.sql.DriverManager [JDBC and javax.sql]")
          .contains("Instead, JDBC and javax.sql: use the StorageService of the plugin's context")
          .contains("add legacy to plugins.database-access");
      PluginInfo pooled = manager.find("pooled").orElseThrow();
      assertThat(pooled.state()).isEqualTo(PluginState.FAILED);
      assertThat(pooled.reason()).contains("dev.example.pooled.Main.source references javax.sql.DataSource");
      assertThat(manager.find("clean").orElseThrow().state()).isEqualTo(PluginState.STARTED);
    }
  }

  @Test
  void anApprovedPluginStartsAndSaysSo() {
    try (CogwheelPluginManager manager = new CogwheelPluginManager(Hosts.settings(plugins, Set.of("legacy"), Map.of()), backend)) {
      manager.startAll();

      PluginInfo legacy = manager.find("legacy").orElseThrow();
      assertThat(legacy.state()).isEqualTo(PluginState.STARTED);
      assertThat(legacy.reason()).startsWith("approved for direct database access (")
          .contains("dev.example.legacy.Main.open references java.sql.DriverManager");
      assertThat(manager.find("pooled").orElseThrow().state()).isEqualTo(PluginState.FAILED);
    }
  }
}
