package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.command.CommandResult;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.Invocations;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.RecordingResponder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReloadTest {

  /** How the test reads the counter plugin's table. */
  record Hit(String name, long n) {}

  static final String CHANGELOG = """
      databaseChangeLog:
        - changeSet:
            id: 0001-hits
            author: test
            changes:
              - createTable:
                  tableName: counter_hits
                  columns:
                    - column: {name: name, type: text, constraints: {primaryKey: true}}
                    - column: {name: n, type: bigint, defaultValueNumeric: 0, constraints: {nullable: false}}
      """;

  StorageBackend backend;
  Path plugins;

  static PluginBuilder counter(String version, String extraStart) {
    return PluginBuilder.plugin("counter").version(version).changelog(CHANGELOG).cog("""
        dev.cogwheel.storage.table.Table<Hit> hits = context.storage().table("counter_hits", Hit.class);
        context.commands().register(SlashCommand.builder("hit", "Counts").handler(c ->
            c.reply("%s " + hits.increment(dev.cogwheel.storage.table.Key.of("all"), "n", 1))).build());
        %s
        """.formatted(version, extraStart), "public record Hit(String name, long n) {}");
  }

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) {
    this.plugins = plugins;
    backend = Hosts.backend(schema);
  }

  @AfterAll
  void stop() {
    backend.close();
  }

  private long stored() {
    return backend.forPlugin("counter").table("counter_hits", Hit.class).find(Key.of("all")).map(Hit::n).orElse(0L);
  }

  @Test
  void reloadUnderAStreamOfCommandsFailsNoneAndKeepsTheData() throws Exception {
    counter("1.0.0", "").jar(plugins);
    try (CogwheelPluginManager manager = Hosts.manager(plugins, backend)) {
      manager.startAll();
      long before = stored();
      AtomicBoolean running = new AtomicBoolean(true);
      Map<CommandOutcome, Integer> outcomes = new ConcurrentHashMap<>();
      List<String> versionsSeen = java.util.Collections.synchronizedList(new ArrayList<>());
      CountDownLatch firstAnswers = new CountDownLatch(4);
      ExecutorService callers = Executors.newFixedThreadPool(4);
      List<Future<?>> streams = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        streams.add(callers.submit(() -> {
          boolean counted = false;
          while (running.get()) {
            RecordingResponder responder = new RecordingResponder();
            CommandResult result = manager.commands().dispatch(Invocations.command("hit"), responder).get(60, TimeUnit.SECONDS);
            outcomes.merge(result.outcome(), 1, Integer::sum);
            responder.answers().stream().findFirst().ifPresent(a -> versionsSeen.add(a.split(" ")[0]));
            if (!counted) {
              firstAnswers.countDown();
              counted = true;
            }
          }
          return null;
        }));
      }
      assertThat(firstAnswers.await(60, TimeUnit.SECONDS)).isTrue();
      for (int v = 1; v <= 5; v++) {
        counter("1.0." + v, "").jar(plugins);
        PluginInfo reloaded = manager.reload("counter");
        assertThat(reloaded.state()).as(reloaded.reason()).isEqualTo(PluginState.STARTED);
        assertThat(reloaded.version()).isEqualTo("1.0." + v);
      }
      running.set(false);
      for (Future<?> stream : streams) {
        stream.get(60, TimeUnit.SECONDS);
      }
      callers.shutdown();

      assertThat(outcomes.keySet()).containsOnly(CommandOutcome.SUCCEEDED);
      int total = outcomes.get(CommandOutcome.SUCCEEDED);
      assertThat(stored() - before).isEqualTo(total);
      assertThat(versionsSeen).contains("reply:1.0.0", "reply:1.0.5");
    }
  }

  @Test
  void aFailedReloadLeavesThePluginFailedAndAFixedJarBringsItBack() throws Exception {
    counter("2.0.0", "").jar(plugins);
    try (CogwheelPluginManager manager = Hosts.manager(plugins, backend)) {
      manager.startAll();
      counter("2.0.1", "if (true) throw new IllegalStateException(\"broken build\");").jar(plugins);

      PluginInfo failed = manager.reload("counter");

      assertThat(failed.state()).isEqualTo(PluginState.FAILED);
      assertThat(failed.reason()).isEqualTo("start threw java.lang.IllegalStateException: broken build");
      RecordingResponder responder = new RecordingResponder();
      assertThat(manager.commands().dispatch(Invocations.command("hit"), responder).get(30, TimeUnit.SECONDS).outcome())
          .isEqualTo(CommandOutcome.UNAVAILABLE);
      assertThat(responder.answers()).containsExactly("ephemeral:/hit is unavailable right now; the bot's operators have been told.");

      counter("2.0.2", "").jar(plugins);
      assertThat(manager.reload("counter").state()).isEqualTo(PluginState.STARTED);
      RecordingResponder again = new RecordingResponder();
      assertThat(manager.commands().dispatch(Invocations.command("hit"), again).get(30, TimeUnit.SECONDS).outcome())
          .isEqualTo(CommandOutcome.SUCCEEDED);
      assertThat(again.answers().get(0)).startsWith("reply:2.0.2 ");
    }
  }

  @Test
  void reloadingADependencyReloadsItsDependents(@TempDir Path dir) {
    Path base = PluginBuilder.plugin("lib").cog("").jar(dir);
    PluginBuilder.plugin("user").dependencies("lib").compileAgainst(base).cog("").jar(dir);
    try (CogwheelPluginManager manager = Hosts.manager(dir, backend)) {
      manager.startAll();
      ClassLoader libBefore = loader(manager, "lib");
      ClassLoader userBefore = loader(manager, "user");

      manager.reload("lib");

      assertThat(manager.find("lib").orElseThrow().state()).isEqualTo(PluginState.STARTED);
      assertThat(manager.find("user").orElseThrow().state()).isEqualTo(PluginState.STARTED);
      assertThat(loader(manager, "lib")).isNotSameAs(libBefore);
      assertThat(loader(manager, "user")).isNotSameAs(userBefore);
    }
  }

  @Test
  void disabledStaysDisabledAcrossRestartsUntilEnabled(@TempDir Path dir) {
    counter("3.0.0", "").jar(dir);
    try (CogwheelPluginManager manager = Hosts.manager(dir, backend)) {
      manager.startAll();
      assertThat(manager.disable("counter").state()).isEqualTo(PluginState.DISABLED);
    }
    try (CogwheelPluginManager restarted = Hosts.manager(dir, backend)) {
      restarted.startAll();
      assertThat(restarted.find("counter").orElseThrow().state()).isEqualTo(PluginState.DISABLED);
      assertThat(restarted.enable("counter").state()).isEqualTo(PluginState.STARTED);
    }
    try (CogwheelPluginManager again = Hosts.manager(dir, backend)) {
      again.startAll();
      assertThat(again.find("counter").orElseThrow().state()).isEqualTo(PluginState.STARTED);
    }
  }

  @Test
  void unloadAndLoadAgain(@TempDir Path dir) throws Exception {
    counter("4.0.0", "").jar(dir);
    try (CogwheelPluginManager manager = Hosts.manager(dir, backend)) {
      manager.startAll();
      assertThat(manager.unload("counter").state()).isEqualTo(PluginState.UNLOADED);
      RecordingResponder responder = new RecordingResponder();
      assertThat(manager.commands().dispatch(Invocations.command("hit"), responder).get(30, TimeUnit.SECONDS).outcome())
          .isEqualTo(CommandOutcome.UNKNOWN);
      assertThat(manager.load("counter").state()).isEqualTo(PluginState.STARTED);
    }
  }

  static ClassLoader loader(CogwheelPluginManager manager, String id) {
    return manager.slotsForTests().stream().filter(s -> s.id.equals(id)).findFirst().orElseThrow().loaded.classLoader();
  }
}
