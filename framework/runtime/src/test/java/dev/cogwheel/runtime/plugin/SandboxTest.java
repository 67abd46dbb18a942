package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxTest {

  /**
   * Host classes a plugin must not reach: the driver, the pool, MyBatis, Liquibase, the runtime, the storage SPI and
   * storage-postgres (whose packages share the SDK's prefix), Logback, Jackson, JDA's HTTP client, Micrometer.
   */
  static final List<String> HIDDEN_CLASSES = List.of(
      "org.postgresql.Driver", "com.zaxxer.hikari.HikariDataSource", "org.apache.ibatis.session.SqlSession",
      "liquibase.Liquibase", "dev.cogwheel.runtime.plugin.CogwheelPluginManager", "dev.cogwheel.runtime.Host",
      "dev.cogwheel.storage.postgres.PostgresStorageBackend", "dev.cogwheel.storage.spi.migration.SchemaMigrations",
      "dev.cogwheel.storage.spi.StorageBackend",
      "ch.qos.logback.classic.Logger", "com.fasterxml.jackson.databind.ObjectMapper",
      "okhttp3.OkHttpClient", "io.micrometer.core.instrument.Metrics", "io.micrometer.prometheusmetrics.PrometheusMeterRegistry");

  /** Host resources a plugin must not read. */
  static final List<String> HIDDEN_RESOURCES = List.of(
      "logback-test.xml", "META-INF/services/dev.cogwheel.storage.spi.StorageProvider", "db/changelog/cogwheel/changelog.yaml",
      "dev/cogwheel/storage/postgres/mapper/TableMapper.xml", "META-INF/services/java.sql.Driver",
      "dev/cogwheel/runtime/plugin/version.properties");

  /** What a plugin sees: the JDK and the SDK. */
  static final List<String> VISIBLE_CLASSES = List.of(
      "java.util.List", "java.sql.Timestamp", "net.dv8tion.jda.api.JDA", "org.slf4j.Logger", "org.pf4j.Plugin",
      "dev.cogwheel.api.plugin.Cog", "dev.cogwheel.storage.table.Table", "dev.cogwheel.storage.Pid");

  StorageBackend backend;
  CogwheelPluginManager manager;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) {
    backend = Hosts.backend(schema);
    // The probe's own code may not load classes by a computed name (the load-time check refuses it), so
    // the test asks the probe's class loader what the probe's Class.forName(name, false, own) would get.
    String probe = """
        ClassLoader own = getClass().getClassLoader();
        context.storage().state().put("sdkFromHost", String.valueOf(CommandException.class.getClassLoader() != own));
        context.storage().state().put("ownResource", String.valueOf(own.getResource("probe/data.txt") != null));
        """;
    PluginBuilder.plugin("probe").cog(probe)
        // A bundled copy of an SDK class: the host's must win.
        .source("dev.cogwheel.api.command.CommandException",
            "package dev.cogwheel.api.command; public class CommandException extends RuntimeException {"
                + " public CommandException(String m) { super(m); } }")
        .resource("probe/data.txt", "own")
        .jar(plugins);
    manager = new CogwheelPluginManager(Hosts.settings(plugins, Set.of(), java.util.Map.of()), backend);
    manager.startAll();
  }

  @AfterAll
  void stop() {
    manager.close();
    backend.close();
  }

  private String state(String key) {
    return backend.forPlugin("probe").state().find(key).map(StateEntry::value).orElseThrow();
  }

  @Test
  void theProbeStarted() {
    assertThat(manager.find("probe").orElseThrow().state()).isEqualTo(PluginState.STARTED);
  }

  @Test
  void hostClassesAndResourcesOutsideTheSdkAreNotFound() throws Exception {
    ClassLoader own = ReloadTest.loader(manager, "probe");
    List<String> reached = new ArrayList<>();
    for (String name : HIDDEN_CLASSES) {
      try {
        Class.forName(name, false, own);
        reached.add(name);
      } catch (ClassNotFoundException e) {
        // hidden, as it must be
      }
    }
    for (String path : HIDDEN_RESOURCES) {
      if (own.getResource(path) != null || own.getResources(path).hasMoreElements()) {
        reached.add(path);
      }
    }
    assertThat(reached).as("host classes and resources the plugin could reach").isEmpty();
  }

  @Test
  void everyHiddenClassAndResourceIsThereForTheHost() throws Exception {
    ClassLoader host = getClass().getClassLoader();
    for (String name : HIDDEN_CLASSES) {
      assertThat(Class.forName(name, false, host)).as(name).isNotNull();
    }
    for (String path : HIDDEN_RESOURCES) {
      assertThat(host.getResource(path)).as(path).isNotNull();
    }
  }

  @Test
  void theJdkAndTheSdkAreVisible() {
    ClassLoader own = ReloadTest.loader(manager, "probe");
    List<String> missing = new ArrayList<>();
    for (String name : VISIBLE_CLASSES) {
      try {
        Class.forName(name, false, own);
      } catch (ClassNotFoundException e) {
        missing.add(name);
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void sdkClassesComeFromTheHostEvenWhenThePluginBundlesACopy() {
    assertThat(state("sdkFromHost")).isEqualTo("true");
  }

  @Test
  void thePluginReadsItsOwnResources() {
    assertThat(state("ownResource")).isEqualTo("true");
  }

  @Test
  void theSdkFilterAnswersByArtifactNotByPackageName() {
    SdkClassLoader sdk = new SdkClassLoader(SandboxTest.class.getClassLoader());
    assertThat(sdk.isSdkClass("dev.cogwheel.storage.service.StorageService")).isTrue();
    assertThat(sdk.isSdkClass("dev.cogwheel.storage.config.ConfigKey")).isTrue();
    assertThat(sdk.isSdkClass("dev.cogwheel.api.plugin.Cog")).isTrue();
    assertThat(sdk.isSdkClass("net.dv8tion.jda.api.JDA")).isTrue();
    assertThat(sdk.isSdkClass("org.slf4j.LoggerFactory")).isTrue();
    // Host-side classes whose packages share the SDK's prefixes stay hidden.
    assertThat(sdk.isSdkClass("dev.cogwheel.storage.postgres.PostgresStorageBackend")).isFalse();
    assertThat(sdk.isSdkClass("dev.cogwheel.storage.spi.migration.SchemaMigrations")).isFalse();
    assertThat(sdk.isSdkClass("dev.cogwheel.storage.spi.StorageBackend")).isFalse();
    assertThat(sdk.isSdkClass("dev.cogwheel.runtime.plugin.SdkClassLoader")).isFalse();
    assertThat(sdk.isSdkClass("org.slf4j.bridge.SLF4JBridgeHandler")).isFalse();
    assertThat(sdk.isSdkClass("dev.cogwheel.apix.Thing")).isFalse();
    assertThat(sdk.isSdkClass("com.zaxxer.hikari.HikariDataSource")).isFalse();
  }

  @Test
  void aFatJarThatMixesTheSdkWithTheHostIsRefusedRatherThanOpened() {
    ClassLoader fatJar = new ClassLoader(null) {
      @Override
      public URL getResource(String name) {
        try {
          return new URL("jar:file:/opt/bot/cogwheel-all.jar!/" + name);
        } catch (MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }
    };

    assertThatThrownBy(() -> new SdkClassLoader(fatJar))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Plugins cannot be isolated")
        .hasMessageContaining("jar:file:/opt/bot/cogwheel-all.jar!/")
        .hasMessageContaining("not from a fat jar");
  }
}
