package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.command.CommandMetrics;
import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.event.EventMetrics;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.Invocations;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.RecordingResponder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The host's meters, read from a registry each test adds to the global one (and removes). */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginMetricsTest {

  StorageBackend backend;
  CogwheelPluginManager manager;
  SimpleMeterRegistry registry;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) {
    backend = Hosts.backend(schema);
    PluginBuilder.plugin("counted").cog("""
        context.commands().register(SlashCommand.builder("ok", "Answers ok").handler(c -> c.reply("ok")).build());
        context.commands().register(SlashCommand.builder("crash", "Throws").handler(c -> { throw new IllegalStateException("bug"); }).build());
        context.commands().register(SlashCommand.builder("refuse", "Refuses").handler(c -> { throw new CommandException("No."); }).build());
        context.commands().register(SlashCommand.builder("save", "Saves").handler(c -> { context.storage().state().put("k", "v"); c.reply("saved"); }).build());
        context.events().subscribe(String.class, e -> { if (e.equals("bad")) throw new IllegalStateException("bad event"); });
        """).jar(plugins);
    PluginBuilder.plugin("broken").cog("throw new IllegalStateException(\"no token\");").jar(plugins);
    PluginBuilder.plugin("spare").cog("""
        context.commands().register(SlashCommand.builder("spare", "Spare").handler(c -> c.reply("spare")).build());
        """).jar(plugins);
    manager = Hosts.manager(plugins, backend);
    manager.startAll();
  }

  @AfterAll
  void stop() {
    manager.close();
    backend.close();
  }

  @BeforeEach
  void addRegistry() {
    registry = new SimpleMeterRegistry();
    Metrics.addRegistry(registry);
  }

  @AfterEach
  void removeRegistry() {
    Metrics.removeRegistry(registry);
    registry.close();
  }

  private void run(String command) throws Exception {
    manager.commands().dispatch(Invocations.command(command), new RecordingResponder()).get(30, TimeUnit.SECONDS);
  }

  private long commands(String plugin, String command, CommandOutcome outcome) {
    Timer timer = registry.find(CommandMetrics.COMMANDS)
        .tags("plugin", plugin, "command", command, "outcome", outcome.name()).timer();
    return timer == null ? 0 : timer.count();
  }

  private double plugins(PluginState state) {
    Gauge gauge = registry.find(PluginMetrics.PLUGINS).tag("state", state.name()).gauge();
    assertThat(gauge).as("gauge of " + state).isNotNull();
    return gauge.value();
  }

  @Test
  void commandsAreCountedByPluginCommandAndOutcome() throws Exception {
    run("ok");
    run("ok");
    run("crash");
    run("refuse");
    run("nothing");
    run("spare");

    assertThat(commands("counted", "ok", CommandOutcome.SUCCEEDED)).isEqualTo(2);
    assertThat(commands("counted", "crash", CommandOutcome.FAILED)).isEqualTo(1);
    assertThat(commands("counted", "refuse", CommandOutcome.REFUSED)).isEqualTo(1);
    assertThat(commands(CommandMetrics.NO_PLUGIN, "nothing", CommandOutcome.UNKNOWN)).isEqualTo(1);
    assertThat(commands("spare", "spare", CommandOutcome.SUCCEEDED)).isEqualTo(1);
    assertThat(registry.find(CommandMetrics.COMMANDS).tag("plugin", "counted").timers())
        .extracting(t -> t.getId().getTag("outcome")).containsOnly("SUCCEEDED", "FAILED", "REFUSED");
    Timer ok = registry.find(CommandMetrics.COMMANDS).tags("plugin", "counted", "command", "ok").timer();
    assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(ok.getId().getTags()).extracting(tag -> tag.getKey()).containsExactlyInAnyOrder("plugin", "command", "outcome");
  }

  @Test
  void aPluginsStorageOperationsCarryItsId() throws Exception {
    run("save");

    assertThat(commands("counted", "save", CommandOutcome.SUCCEEDED)).isEqualTo(1);
    Timer writes = registry.find("cogwheel.storage.operations")
        .tags("plugin", "counted", "operation", "state.write", "outcome", "SUCCEEDED").timer();
    assertThat(writes).isNotNull();
    assertThat(writes.count()).isEqualTo(1);
  }

  @Test
  void eventHandlerRunsAreCountedByPluginAndOutcome() throws Exception {
    manager.events().publish("fine").get(30, TimeUnit.SECONDS);
    manager.events().publish("bad").get(30, TimeUnit.SECONDS);
    manager.events().publish("fine").get(30, TimeUnit.SECONDS);

    assertThat(registry.find(EventMetrics.EVENTS).tags("plugin", "counted", "outcome", "SUCCEEDED").timer().count()).isEqualTo(2);
    assertThat(registry.find(EventMetrics.EVENTS).tags("plugin", "counted", "outcome", "FAILED").timer().count()).isEqualTo(1);
  }

  @Test
  void stateGaugesFollowAFailedAndADisabledPlugin() {
    assertThat(plugins(PluginState.STARTED)).isEqualTo(2);
    assertThat(plugins(PluginState.FAILED)).isEqualTo(1);
    assertThat(plugins(PluginState.DISABLED)).isZero();

    manager.disable("spare");
    assertThat(plugins(PluginState.STARTED)).isEqualTo(1);
    assertThat(plugins(PluginState.DISABLED)).isEqualTo(1);
    gaugesMatchTheHostsList();

    manager.enable("spare");
    assertThat(plugins(PluginState.STARTED)).isEqualTo(2);
    assertThat(plugins(PluginState.DISABLED)).isZero();
    gaugesMatchTheHostsList();
  }

  private void gaugesMatchTheHostsList() {
    for (PluginState state : PluginState.values()) {
      assertThat(plugins(state)).as(state.name())
          .isEqualTo(manager.list().stream().filter(p -> p.state() == state).count());
    }
  }
}
