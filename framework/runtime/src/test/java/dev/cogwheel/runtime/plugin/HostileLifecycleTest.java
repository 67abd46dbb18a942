package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cogwheel.runtime.builtin.BuiltinCommands;
import dev.cogwheel.runtime.builtin.MyData;
import dev.cogwheel.runtime.command.CommandInvocation;
import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.command.CommandResult;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.Invocations;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.RecordingResponder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that do not go quietly: a thread that ignores interrupts and outlives its plugin, and a
 * stop() that never returns. Each is reported on that plugin alone, while the other cogs keep
 * serving and keep their own state and reasons.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileLifecycleTest {

  /**
   * Plugin code that ignores interrupts for a while, then ends by itself so the test JVM is not left with it:
   * the hostile cog's own loop (sleeping and swallowing the interrupt is the attack), not a wait of the test.
   */
  static final String IGNORE_INTERRUPTS = """
      long until = System.nanoTime() + 40_000_000_000L;
      while (System.nanoTime() < until) {
        try { Thread.sleep(50); } catch (InterruptedException ignored) { }
      }
      """;

  StorageBackend backend;
  SimpleMeterRegistry registry;

  @BeforeAll
  void start(TestSchema schema) {
    backend = Hosts.backend(schema);
    registry = new SimpleMeterRegistry();
    Metrics.addRegistry(registry);
  }

  @AfterAll
  void stop() {
    Metrics.removeRegistry(registry);
    registry.close();
    backend.close();
  }

  static void clean(Path plugins) {
    PluginBuilder.plugin("clean").cog("""
        context.commands().register(SlashCommand.builder("ping", "Answers pong").handler(c -> c.reply("pong")).build());
        """).jar(plugins);
  }

  static CommandResult run(CogwheelPluginManager manager, String command, RecordingResponder responder) throws Exception {
    return manager.commands().dispatch(Invocations.command(command), responder).get(30, TimeUnit.SECONDS);
  }

  @Test
  void aThreadThatIgnoresInterruptsIsReportedWithTheClassLoaderItKeeps(@TempDir Path plugins) throws Exception {
    clean(plugins);
    PluginBuilder.plugin("spinner").cog("""
        Thread loop = new Thread(() -> {
          %s
        }, "spinner-loop");
        loop.setDaemon(true);
        loop.start();
        """.formatted(IGNORE_INTERRUPTS)).jar(plugins);
    try (CogwheelPluginManager manager = new CogwheelPluginManager(Hosts.settings(plugins), backend,
        CogwheelPluginManager.STOP_TIMEOUT, Duration.ofSeconds(1))) {
      manager.startAll();
      assertThat(manager.find("spinner").orElseThrow().state()).isEqualTo(PluginState.STARTED);

      PluginInfo unloaded = manager.unload("spinner");

      assertThat(unloaded.state()).isEqualTo(PluginState.UNLOADED);
      assertThat(unloaded.leftovers()).anySatisfy(line -> assertThat(line)
          .startsWith("version 1.0.0 left 1 thread(s) running after it stopped, interrupted and still alive: spinner-loop"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(manager.find("spinner").orElseThrow().leftovers())
          .anySatisfy(line -> assertThat(line).isEqualTo(
              "version 1.0.0's class loader was not collected after it stopped (leaked; its live threads keep it)")));
      assertThat(registry.get(PluginMetrics.THREADS_LINGERING).gauge().value()).isGreaterThanOrEqualTo(1);
      assertThat(registry.get(PluginMetrics.CLASS_LOADERS_LEAKED).gauge().value()).isGreaterThanOrEqualTo(1);
      assertThat(registry.get(PluginMetrics.THREADS_SURVIVED).tag("plugin", "spinner").counter().count()).isEqualTo(1);
      assertThat(pluginsInfo(manager, "spinner")).contains("\nLeft behind after stop: version 1.0.0 left 1 thread(s) running"
          + " after it stopped, interrupted and still alive: spinner-loop; version 1.0.0's class loader was not collected");

      RecordingResponder responder = new RecordingResponder();
      assertThat(run(manager, "ping", responder).outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
      assertThat(responder.answers()).containsExactly("reply:pong");
    }
  }

  /** What an owner reads from {@code /plugins info <id>}. */
  private String pluginsInfo(CogwheelPluginManager manager, String id) throws Exception {
    BuiltinCommands builtin = new BuiltinCommands(manager, backend, new MyData(manager, backend), () -> "0", now -> "synced", false);
    builtin.commands().forEach(manager.commands()::registerHostCommand);
    CommandInvocation info = new CommandInvocation("plugins", Optional.empty(), Optional.of("info"), Map.of("plugin", id),
        OptionalLong.of(Invocations.GUILD), Invocations.CHANNEL, Invocations.USER, true, Optional.empty());
    RecordingResponder responder = new RecordingResponder();
    assertThat(manager.commands().dispatch(info, responder).get(30, TimeUnit.SECONDS).outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(responder.answers()).hasSize(1);
    return responder.answers().get(0);
  }

  @Test
  void aStopThatHangsFailsThatPluginAloneEvenWhenTheCallerIsInterrupted(@TempDir Path plugins) throws Exception {
    clean(plugins);
    PluginBuilder.plugin("broken").cog("throw new IllegalStateException(\"broken on purpose\");").jar(plugins);
    PluginBuilder.plugin("hang").cog("""
        context.commands().register(SlashCommand.builder("hang", "Hangs when stopped").handler(c -> c.reply("alive")).build());
        """, """
        public void stop() {
          %s
        }
        """.formatted(IGNORE_INTERRUPTS)).jar(plugins);
    // Reloaded with hang, which it depends on.
    PluginBuilder.plugin("child").dependencies("hang").cog("").jar(plugins);
    try (CogwheelPluginManager manager = Hosts.manager(plugins, backend)) {
      manager.startAll();
      String brokenBefore = manager.find("broken").orElseThrow().reason();
      assertThat(brokenBefore).contains("broken on purpose");

      // The caller is interrupted while the reload waits for stop(), as a command's watchdog does to /plugins reload.
      AtomicBoolean callerStillInterrupted = new AtomicBoolean();
      CompletableFuture<PluginInfo> reload = new CompletableFuture<>();
      Thread caller = new Thread(() -> {
        try {
          reload.complete(manager.reload("hang"));
        } catch (RuntimeException | Error e) {
          reload.completeExceptionally(e);
        }
        callerStillInterrupted.set(Thread.currentThread().isInterrupted());
      }, "reload-caller");
      caller.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> manager.find("hang").orElseThrow().state() == PluginState.RELOADING);
      caller.interrupt();

      RecordingResponder during = new RecordingResponder();
      assertThat(run(manager, "ping", during).outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
      PluginInfo hang = reload.get(60, TimeUnit.SECONDS);
      caller.join(TimeUnit.SECONDS.toMillis(30));

      assertThat(hang.state()).isEqualTo(PluginState.FAILED);
      assertThat(hang.reason()).startsWith("did not stop within 10 s: its stop() was interrupted and 1 of its threads are"
          + " still running (cog-hang-worker-").contains("load it again with /plugins load hang");
      assertThat(callerStillInterrupted).as("the caller's interrupt is kept for it").isTrue();
      PluginInfo child = manager.find("child").orElseThrow();
      assertThat(child.state()).isEqualTo(PluginState.FAILED);
      assertThat(child.reason()).startsWith("it depends on plugin hang, which did not stop within 10 s");
      PluginInfo broken = manager.find("broken").orElseThrow();
      assertThat(broken.state()).isEqualTo(PluginState.FAILED);
      assertThat(broken.reason()).isEqualTo(brokenBefore);
      assertThat(manager.find("clean").orElseThrow().state()).isEqualTo(PluginState.STARTED);
      assertThat(manager.find("clean").orElseThrow().reason()).isEmpty();

      RecordingResponder after = new RecordingResponder();
      assertThat(run(manager, "ping", after).outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
      assertThat(after.answers()).containsExactly("reply:pong");
      assertThat(run(manager, "hang", new RecordingResponder()).outcome()).isEqualTo(CommandOutcome.UNAVAILABLE);
    }
  }
}
