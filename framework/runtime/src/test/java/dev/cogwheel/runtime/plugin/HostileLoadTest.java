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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile plugins in a running host: each is refused at load, FAILED with a reason naming class,
 * method and rule, while a well-behaved cog next to them starts and answers. Every form of attack the
 * check knows is in {@code check.LoadCheckTest}; these are the ones that hide, end to end.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileLoadTest {

  StorageBackend backend;
  CogwheelPluginManager manager;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) throws IOException {
    backend = Hosts.backend(schema);
    PluginBuilder.plugin("clean").cog("""
        context.commands().register(SlashCommand.builder("ping", "Answers pong").handler(c -> c.reply("pong")).build());
        """).jar(plugins);
    PluginBuilder.plugin("exiter").cog("System.exit(0);").jar(plugins);
    PluginBuilder.plugin("multirel").cog("Helper.help();")
        .source("dev.example.multirel.Helper", "package dev.example.multirel; public final class Helper { public static void help() {} }")
        .versionedSource(17, "dev.example.multirel.Helper",
            "package dev.example.multirel; public final class Helper { public static void help() { Runtime.getRuntime().halt(0); } }")
        .jar(plugins);
    PluginBuilder.plugin("nested").cog("").entry("lib/inner.jar", innerJar()).jar(plugins);
    PluginBuilder.plugin("computed").cog("Class.forName(\"dev.cogwheel.storage.spi.\" + context.pluginId());").jar(plugins);
    PluginBuilder.plugin("hidden").cog("java.lang.invoke.MethodHandles.lookup().defineHiddenClass(new byte[0], true);").jar(plugins);
    PluginBuilder.plugin("definer").cog("new Loader();",
        "static final class Loader extends ClassLoader { Class<?> make(byte[] b) { return defineClass(null, b, 0, b.length); } }")
        .jar(plugins);
    PluginBuilder.plugin("tokens").cog("context.logger().info(context.discord().get().getShardById(0).getToken());").jar(plugins);
    PluginBuilder.plugin("environ").cog("context.logger().info(System.getenv(\"DISCORD_TOKEN\"));").jar(plugins);
    manager = Hosts.manager(plugins, backend);
    manager.startAll();
  }

  @AfterAll
  void stop() {
    manager.close();
    backend.close();
  }

  private String refusal(String id) {
    PluginInfo info = manager.find(id).orElseThrow();
    assertThat(info.state()).as(id).isEqualTo(PluginState.FAILED);
    assertThat(info.reason()).startsWith("the load-time check refuses its code: ").endsWith("(see docs/security.md)");
    return info.reason();
  }

  @Test
  void theWellBehavedCogStartsAndAnswersNextToThem() throws Exception {
    RecordingResponder responder = new RecordingResponder();
    assertThat(manager.commands().dispatch(Invocations.command("ping"), responder).get(30, TimeUnit.SECONDS).outcome())
        .isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(responder.answers()).containsExactly("reply:pong");
  }

  @Test
  void exitIsRefusedNamingClassMethodAndRule() {
    assertThat(refusal("exiter")).contains("dev.example.exiter.Main.start calls java.lang.System.exit [ending the process]")
        .contains("Instead, ending the process: a plugin ends only itself");
  }

  @Test
  void aCallHiddenInAMultiReleaseEntryIsFound() {
    assertThat(refusal("multirel")).contains("dev.example.multirel.Helper.help calls java.lang.Runtime.halt [ending the process]"
        + " in META-INF/versions/17/dev/example/multirel/Helper.class");
  }

  @Test
  void aNestedJarIsRefused() {
    assertThat(refusal("nested")).contains("lib/inner.jar is a jar or zip inside the plugin").contains("[a jar inside the plugin]");
  }

  @Test
  void aComputedClassNameIsRefused() {
    assertThat(refusal("computed")).contains("dev.example.computed.Main.start calls java.lang.Class.forName with a computed"
        + " class name [loading classes by a computed name or through another class loader]");
  }

  @Test
  void classesDefinedAtRunTimeAreRefused() {
    assertThat(refusal("hidden")).contains("dev.example.hidden.Main.start references java.lang.invoke.MethodHandles [reflective access]");
    assertThat(refusal("definer")).contains("dev.example.definer.Main$Loader.<class> extends java.lang.ClassLoader"
        + " [defining classes at run time]");
  }

  @Test
  void secretsAreRefused() {
    assertThat(refusal("tokens")).contains("dev.example.tokens.Main.start calls net.dv8tion.jda.api.JDA.getToken"
        + " [the bot's token and JDA's lifecycle]");
    assertThat(refusal("environ")).contains("dev.example.environ.Main.start calls java.lang.System.getenv"
        + " [environment and system properties]");
  }

  private static byte[] innerJar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      jar.putNextEntry(new JarEntry("evil/Payload.class"));
      jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }
}
