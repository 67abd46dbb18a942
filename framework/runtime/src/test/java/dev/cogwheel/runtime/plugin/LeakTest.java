package dev.cogwheel.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.Invocations;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.RecordingResponder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class LeakTest {

  static final String CHANGELOG = """
      databaseChangeLog:
        - changeSet:
            id: 0001-notes
            author: test
            changes:
              - createTable:
                  tableName: leaky_notes
                  columns:
                    - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                    - column: {name: body, type: text}
      """;

  /** A cog that registers one of everything the host must release: command, event, task, config key and listener, privacy hook, table. */
  static PluginBuilder leaky(int version) {
    return PluginBuilder.plugin("leaky").version("1.0." + version).changelog(CHANGELOG).cog("""
        dev.cogwheel.storage.config.ConfigKey<Integer> limit = dev.cogwheel.storage.config.ConfigKey
            .builder("limit", dev.cogwheel.storage.config.ConfigType.INTEGER).defaultValue(3).description("A limit")
            .rule(dev.cogwheel.storage.config.ConfigRule.between(1, 10)).build();
        context.storage().config().register(limit);
        context.storage().config().addListener(event -> context.logger().info("changed"));
        context.storage().userData().register(new dev.cogwheel.storage.privacy.UserDataHook() {
          public List<dev.cogwheel.storage.privacy.UserDataRecord> export(dev.cogwheel.storage.Pid pid) { return List.of(); }
          public int delete(dev.cogwheel.storage.Pid pid) { return 0; }
        });
        dev.cogwheel.storage.table.Table<Note> notes = context.storage().table("leaky_notes", Note.class);
        notes.upsert(new Note(1, "v%1$d"));
        context.commands().register(SlashCommand.builder("note", "Reads the note").handler(c ->
            c.reply(notes.find(dev.cogwheel.storage.table.Key.of(1L)).map(Note::body).orElse("none")
                + " limit " + context.storage().config().get(limit, dev.cogwheel.storage.config.ConfigScope.global()))).build());
        context.events().subscribe(Object.class, e -> context.logger().debug("event {}", e));
        context.scheduler().repeat(Duration.ZERO, Duration.ofMillis(5), () -> context.storage().ephemeral()
            .put("tick", "v%1$d", Duration.ofMinutes(1)));
        context.scheduler().executor().execute(() -> context.logger().debug("async"));
        """.formatted(version), "public record Note(long id, String body) {}");
  }

  @Test
  void fiftyReloadsLeaveNoClassLoaderAndNoThreadBehind(TestSchema schema, @TempDir Path plugins) throws Exception {
    ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    try (StorageBackend backend = Hosts.backend(schema)) {
      leaky(0).jar(plugins);
      try (CogwheelPluginManager manager = Hosts.manager(plugins, backend)) {
        manager.startAll();
        for (int version = 1; version <= 50; version++) {
          loaders.add(new WeakReference<>(ReloadTest.loader(manager, "leaky"), collected));
          leaky(version).jar(plugins);
          PluginInfo info = manager.reload("leaky");
          assertThat(info.state()).as(info.reason()).isEqualTo(PluginState.STARTED);
          manager.events().publish("reloaded " + version).get(30, TimeUnit.SECONDS);
        }
        RecordingResponder responder = new RecordingResponder();
        assertThat(manager.commands().dispatch(Invocations.command("note"), responder).get(30, TimeUnit.SECONDS).outcome())
            .isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(responder.answers()).containsExactly("reply:v50 limit 3");
        loaders.add(new WeakReference<>(ReloadTest.loader(manager, "leaky"), collected));
      }

      int cleared = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (cleared < loaders.size() && System.nanoTime() < deadline) {
        System.gc();
        if (collected.remove(200) != null) {
          cleared++;
          while (collected.poll() != null) {
            cleared++;
          }
        }
      }
      assertThat(loaders.stream().filter(r -> r.get() != null).count()).as("class loaders of old versions still reachable").isZero();
      assertThat(Thread.getAllStackTraces().keySet()).as("plugin threads left").noneMatch(t -> t.getName().startsWith("cog-leaky-"));
    }
  }
}
