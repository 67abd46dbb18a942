package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.localdiscord.LogGuard;
import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.Invocations;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.RecordingResponder;
import dev.cogwheel.storage.config.ConfigChangedEvent;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's durable timers in a real host: they fire when due, survive a stop of the host, and run
 * once when two hosts share the schema.
 */
@ExtendWith(PostgresExtension.class)
class TimersTest {

  @RegisterExtension
  final LogGuard logs = new LogGuard();

  static final String COG = """
      // Each run is recorded in state; the config write is the signal the test waits on (LISTEN/NOTIFY).
      dev.cogwheel.storage.config.ConfigKey<String> fired = dev.cogwheel.storage.config.ConfigKey
          .builder("fired", dev.cogwheel.storage.config.ConfigType.STRING).defaultValue("").build();
      context.storage().config().register(fired);
      dev.cogwheel.api.timer.Timers timers = dev.cogwheel.api.timer.Timers.open(context, "remind", timer -> {
        String run = java.util.UUID.randomUUID().toString();
        context.storage().state().put("fired/" + timer.id() + "/" + run, timer.payload() + " attempt " + timer.attempt());
        context.storage().config().set(fired, dev.cogwheel.storage.config.ConfigScope.global(), run);
      });
      context.commands().register(SlashCommand.builder("later", "Schedules a timer")
          .option(CommandOption.builder("id", OptionType.STRING, "Timer id").required())
          .option(CommandOption.builder("millis", OptionType.INTEGER, "Delay").required())
          .handler(c -> { timers.schedule(c.string("id"), java.time.Instant.now().plusMillis(c.integer("millis")), "payload of " + c.string("id")); c.reply("ok"); })
          .build());
      context.commands().register(SlashCommand.builder("never", "Cancels a timer")
          .option(CommandOption.builder("id", OptionType.STRING, "Timer id").required())
          .handler(c -> c.reply(Boolean.toString(timers.cancel(c.string("id")))))
          .build());
      """;

  final BlockingQueue<ConfigChangedEvent> changes = new LinkedBlockingQueue<>();
  Path plugins;
  StorageBackend backend;
  CogwheelPluginManager manager;

  @BeforeEach
  void start(TestSchema schema, @TempDir Path plugins) {
    this.plugins = plugins;
    PluginBuilder.plugin("timed").cog(COG).jar(plugins);
    backend = Hosts.backend(schema);
    backend.forPlugin("timed").config().addListener(changes::add);
    manager = Hosts.manager(plugins, backend);
    manager.startAll();
  }

  @AfterEach
  void stop() {
    manager.close();
    backend.close();
  }

  @Test
  void aTimerFiresOnceWhenDueAndIsThenGone() throws Exception {
    run(manager, "later", Map.of("id", "a", "millis", 300L));

    List<StateEntry> fired = awaitFired("a", 1);
    assertThat(fired).singleElement().extracting(StateEntry::value).isEqualTo("payload of a attempt 1");
    // The timer is deleted after its handler returns; stopping the host drains that run.
    manager.close();
    assertThat(backend.forPlugin("timed").state().find("timers/remind/a")).isEmpty();
  }

  @Test
  void aTimerDueWhileTheHostWasDownFiresWhenItStartsAgain() throws Exception {
    run(manager, "later", Map.of("id", "b", "millis", 3_600_000L));
    manager.close();
    // The hour passes while the host is down: the stored due time moves into the past.
    StateEntry pending = backend.forPlugin("timed").state().find("timers/remind/b").orElseThrow();
    backend.forPlugin("timed").state().compareAndSet(pending.key(), pending.version(),
        pending.value().replaceFirst("^[0-9]+", Long.toString(System.currentTimeMillis() - 1_000)));
    assertThat(backend.forPlugin("timed").state().list("fired/b/")).isEmpty();

    manager = Hosts.manager(plugins, backend);
    manager.startAll();
    // Stopping the plugin released its listeners, the test's among them.
    backend.forPlugin("timed").config().addListener(changes::add);

    assertThat(awaitFired("b", 1)).singleElement().extracting(StateEntry::value).isEqualTo("payload of b attempt 1");
  }

  @Test
  void aCancelledTimerNeverFires() throws Exception {
    run(manager, "later", Map.of("id", "c", "millis", 800L));
    assertThat(run(manager, "never", Map.of("id", "c"))).isEqualTo("true");
    run(manager, "later", Map.of("id", "d", "millis", 1_200L));

    awaitFired("d", 1);
    assertThat(backend.forPlugin("timed").state().list("fired/c/")).isEmpty();
    assertThat(run(manager, "never", Map.of("id", "c"))).isEqualTo("false");
  }

  @Test
  void twoHostsOnOneSchemaRunATimerOnce(TestSchema schema) throws Exception {
    StorageBackend otherBackend = Hosts.backend(schema);
    CogwheelPluginManager other = Hosts.manager(plugins, otherBackend);
    try {
      run(manager, "later", Map.of("id", "e", "millis", 3_000L));
      other.startAll();

      awaitFired("e", 1);
      // Stopping both plugins drains every run in flight, so a second run would be recorded by now.
      other.unload("timed");
      manager.unload("timed");
      assertThat(backend.forPlugin("timed").state().list("fired/e/")).hasSize(1);
    } finally {
      other.close();
      otherBackend.close();
    }
  }

  @Test
  void aBadNameIsRefusedWithTheRule() {
    assertThatThrownBy(() -> dev.cogwheel.api.timer.Timers.open(null, "Bad Name", t -> { }))
        .hasMessage("Timer name 'Bad Name' is not valid: use 1 to 40 lower-case letters, digits, '_' or '-',"
            + " starting with a letter or digit.");
  }

  private String run(CogwheelPluginManager host, String command, Map<String, Object> options) throws Exception {
    RecordingResponder responder = new RecordingResponder();
    assertThat(host.commands().dispatch(Invocations.command(command, options), responder).get(30, TimeUnit.SECONDS).outcome())
        .isEqualTo(CommandOutcome.SUCCEEDED);
    return responder.answers().get(0).replaceFirst("^reply:", "");
  }

  private List<StateEntry> awaitFired(String id, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<StateEntry> fired = backend.forPlugin("timed").state().list("fired/" + id + "/");
      if (fired.size() >= count) {
        return fired;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0 || changes.poll(remaining, TimeUnit.NANOSECONDS) == null) {
        throw new AssertionError("timer " + id + " fired " + fired.size() + " times, expected " + count);
      }
    }
  }

}
