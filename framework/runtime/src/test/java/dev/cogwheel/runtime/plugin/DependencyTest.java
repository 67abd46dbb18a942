package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DependencyTest {

  StorageBackend backend;
  CogwheelPluginManager manager;

  /** A cog that records when it started, as a sequence number of the shared host state. */
  static String recordStart() {
    return "context.storage().state().put(\"startedAt\", Long.toString(System.nanoTime()));";
  }

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) {
    backend = Hosts.backend(schema);
    Path base = PluginBuilder.plugin("base").version("1.2.0").cog(recordStart())
        .source("dev.example.base.Greeting", "package dev.example.base; public final class Greeting {"
            + " public static String hello() { return \"hello from base\"; } }")
        .jar(plugins);
    // Uses a class of its dependency: dependencies' classes are visible to dependents.
    PluginBuilder.plugin("ext").dependencies("base@>=1.0").compileAgainst(base).cog(recordStart()
        + "context.storage().state().put(\"greeting\", dev.example.base.Greeting.hello());").jar(plugins);
    PluginBuilder.plugin("optional").dependencies("ghost?, base?").cog(recordStart()).jar(plugins);
    PluginBuilder.plugin("needsghost").dependencies("ghost").cog(recordStart()).jar(plugins);
    PluginBuilder.plugin("onfailed").dependencies("needsghost").cog(recordStart()).jar(plugins);
    PluginBuilder.plugin("tooold").dependencies("base@>=2.0").cog(recordStart()).jar(plugins);
    PluginBuilder.plugin("cyclea").dependencies("cycleb").cog(recordStart()).jar(plugins);
    PluginBuilder.plugin("cycleb").dependencies("cyclea").cog(recordStart()).jar(plugins);
    PluginBuilder.plugin("future").property("plugin.requires", ">=9.0.0").cog(recordStart()).jar(plugins);
    PluginBuilder.plugin("Bad_Id").cog("").jar(plugins);
    PluginBuilder.plugin("dev").dependencies("base").cog(recordStart()).developmentDirectory(plugins);
    manager = Hosts.manager(plugins, backend);
    manager.startAll();
  }

  @AfterAll
  void stop() {
    manager.close();
    backend.close();
  }

  private PluginInfo info(String id) {
    return manager.find(id).orElseThrow();
  }

  private long startedAt(String id) {
    return Long.parseLong(backend.forPlugin(id).state().find("startedAt").map(StateEntry::value).orElseThrow());
  }

  @Test
  void dependenciesStartFirstAndTheirClassesAreVisible() {
    assertThat(info("ext").state()).isEqualTo(PluginState.STARTED);
    assertThat(startedAt("base")).isLessThan(startedAt("ext"));
    assertThat(backend.forPlugin("ext").state().find("greeting").map(StateEntry::value)).contains("hello from base");
    List<String> order = manager.list().stream().map(PluginInfo::id).toList();
    assertThat(order.indexOf("base")).isLessThan(order.indexOf("ext"));
  }

  @Test
  void aMissingOptionalDependencyIsFineAndAPresentOneStartsFirst() {
    assertThat(info("optional").state()).isEqualTo(PluginState.STARTED);
    assertThat(startedAt("base")).isLessThan(startedAt("optional"));
    assertThat(info("optional").dependencies()).containsExactly("ghost?", "base?");
  }

  @Test
  void aMissingDependencyFailsThatPluginAndItsDependentsOnly() {
    assertThat(info("needsghost").state()).isEqualTo(PluginState.FAILED);
    assertThat(info("needsghost").reason()).startsWith("it needs plugin ghost, which is not in ");
    assertThat(info("onfailed").state()).isEqualTo(PluginState.FAILED);
    assertThat(info("onfailed").reason()).startsWith("it depends on plugin needsghost, which cannot start: it needs plugin ghost");
  }

  @Test
  void aDependencyOfTheWrongVersionIsNamed() {
    assertThat(info("tooold").state()).isEqualTo(PluginState.FAILED);
    assertThat(info("tooold").reason()).isEqualTo("it needs plugin base >=2.0, and base is version 1.2.0");
  }

  @Test
  void aCycleFailsEveryPluginOnItWithTheCycleNamed() {
    assertThat(info("cyclea").state()).isEqualTo(PluginState.FAILED);
    assertThat(info("cycleb").state()).isEqualTo(PluginState.FAILED);
    assertThat(info("cyclea").reason()).contains("its dependencies form a cycle: ").contains("cyclea -> cycleb -> cyclea");
  }

  @Test
  void aPluginForAnotherCogwheelVersionIsRefused() {
    assertThat(info("future").state()).isEqualTo(PluginState.FAILED);
    assertThat(info("future").reason()).isEqualTo("it requires Cogwheel >=9.0.0, and this is Cogwheel 0.1.0");
  }

  @Test
  void anIdThatCannotOwnTablesIsRefused() {
    assertThat(info("Bad_Id").state()).isEqualTo(PluginState.FAILED);
    assertThat(info("Bad_Id").reason()).startsWith("its id 'Bad_Id' is not allowed");
  }

  @Test
  void aDevelopmentDirectoryLoadsLikeAJar() {
    assertThat(info("dev").state()).isEqualTo(PluginState.STARTED);
    assertThat(info("dev").file().getFileName().toString()).isEqualTo("dev");
  }
}
