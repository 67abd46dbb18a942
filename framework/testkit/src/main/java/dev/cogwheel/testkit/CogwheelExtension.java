package dev.cogwheel.testkit;

import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.runtime.Host;
import dev.cogwheel.runtime.discord.Bot;
import dev.cogwheel.runtime.plugin.CogwheelVersion;
import dev.cogwheel.runtime.plugin.PluginDirectory;
import dev.cogwheel.runtime.plugin.PluginRuntimeSettings;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the plugin of the module under test in a real Cogwheel host for a test class: a fresh schema
 * on a real PostgreSQL (see docs/testing.md for which server), the plugin's changelog applied, the
 * plugin loaded in development mode from the module's {@code target/classes} through the same
 * sandbox as in production, and started.
 *
 * <pre>{@code
 * class GreeterTest {
 *   @RegisterExtension
 *   static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();
 *
 *   @Test
 *   void greets() {
 *     assertThat(cogwheel.host().command("greet").run().text()).isEqualTo("Hello!");
 *   }
 * }
 * }</pre>
 *
 * <p>With {@link #withLocalDiscord()} the host is a whole bot: the real JDA client logged in to a
 * {@link LocalDiscord}, so tests type commands as users and read what the bot did in the local
 * Discord ({@link TestHost#discord()}), and {@link TestHost#restart()} stops and starts the bot
 * as a restart of the process would.
 *
 * <p>Test methods may also take a {@link TestHost} parameter. Handlers time out after 10 s.
 */
public final class CogwheelExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CogwheelExtension.class);

  private final Path plugin;
  private final List<Path> others = new ArrayList<>();
  private final Map<String, Map<String, String>> settings = new TreeMap<>();
  private World world;
  private String owner = "alice";
  private volatile TestHost host;

  private CogwheelExtension(Path plugin) {
    this.plugin = plugin;
  }

  /**
   * The plugin of the module the tests run in (Maven and Gradle run tests in the module's directory).
   *
   * @return the extension
   */
  public static CogwheelExtension forThisModule() {
    return forPlugin(Path.of("").toAbsolutePath());
  }

  /**
   * A plugin in another place: a module directory, a class directory or a jar.
   *
   * @param location where the plugin is
   * @return the extension
   */
  public static CogwheelExtension forPlugin(Path location) {
    return new CogwheelExtension(location);
  }

  /**
   * Loads another plugin beside the one under test (a dependency): a jar, a module or a class directory.
   *
   * @param location where it is
   * @return this extension
   */
  public CogwheelExtension withPlugin(Path location) {
    others.add(location);
    return this;
  }

  /**
   * Sets one of a plugin's operator settings ({@code plugin.<id>.<name>} in production).
   *
   * @param pluginId the plugin
   * @param name the setting
   * @param value its value
   * @return this extension
   */
  public CogwheelExtension withSetting(String pluginId, String name, String value) {
    settings.computeIfAbsent(pluginId, id -> new TreeMap<>()).put(name, value);
    return this;
  }

  /**
   * Runs the host as a bot on a local Discord with {@link World#defaultWorld()}: users alice (a
   * bot owner), bob and carol in one guild.
   *
   * @return this extension
   */
  public CogwheelExtension withLocalDiscord() {
    return withLocalDiscord(World.defaultWorld());
  }

  /**
   * Runs the host as a bot on a local Discord with the given world.
   *
   * @param world the users, guilds, channels and roles of the local Discord
   * @return this extension
   */
  public CogwheelExtension withLocalDiscord(World world) {
    this.world = world;
    return this;
  }

  /**
   * Names the local Discord user who owns the bot (may run owner-only commands); alice by default.
   *
   * @param username the user's name in the world
   * @return this extension
   */
  public CogwheelExtension withOwner(String username) {
    this.owner = username;
    return this;
  }

  /**
   * The running host.
   *
   * @return the host of the current test class
   * @throws IllegalStateException outside the test class's lifetime
   */
  public TestHost host() {
    TestHost current = host;
    if (current == null) {
      throw new IllegalStateException("The Cogwheel host is not running: use the extension through @RegisterExtension on a"
          + " static field, and call host() from a test or a @BeforeEach/@BeforeAll method.");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Running running = start(context.getRequiredTestClass().getSimpleName());
    context.getStore(NAMESPACE).put("running", running);
    host = running.host();
  }

  /**
   * Starts the host outside JUnit Jupiter, for test engines that do not run Jupiter extensions
   * (jqwik's properties): call it once before the tests, for example in a jqwik
   * {@code @BeforeContainer} method, and close what it returns after them.
   *
   * <pre>{@code
   * static CogwheelExtension.Running cogwheel;
   *
   * @BeforeContainer
   * static void start() throws IOException {
   *   cogwheel = CogwheelExtension.forThisModule().start("GreeterProperties");
   * }
   *
   * @AfterContainer
   * static void stop() throws IOException {
   *   cogwheel.close();
   * }
   * }</pre>
   *
   * @param name names the test schema, for the database's logs
   * @return the running host, started
   * @throws IOException if the plugins directory cannot be made
   * @throws ExtensionConfigurationException if the plugin cannot be read or does not start
   */
  public Running start(String name) throws IOException {
    PluginDirectory.Candidate candidate = readPlugin(plugin);
    TestSchema schema = TestPostgres.get().createSchema(name);
    Path pluginsDirectory = Files.createTempDirectory("cogwheel-testkit-plugins");
    List<Path> development = new ArrayList<>();
    for (Path other : others) {
      if (Files.isRegularFile(other)) {
        Files.copy(other, pluginsDirectory.resolve(other.getFileName()));
      } else {
        development.add(other);
      }
    }
    development.add(plugin);
    PluginRuntimeSettings runtime = PluginRuntimeSettings.builder(pluginsDirectory, CogwheelVersion.forPlugins())
        .developmentPlugins(development).backupBeforeMigrations(false).pluginSettings(settings).build();
    LocalDiscord discord = world == null ? null : LocalDiscord.start(world);
    Running running = new Running(schema, pluginsDirectory, discord);
    try {
      running.host = new TestHost(candidate.id(), discord, () -> start(runtime, schema, discord));
      PluginStatus info = running.host.plugin();
      if (info.state() != PluginState.STARTED) {
        throw new ExtensionConfigurationException("Plugin " + info.id() + " did not start: " + info.state() + ": "
            + info.reason());
      }
      return running;
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
  }

  /** A host started by {@link #start(String)}: its schema, plugins directory and local Discord go with it. */
  public static final class Running implements AutoCloseable {
    private final TestSchema schema;
    private final Path pluginsDirectory;
    private final LocalDiscord discord;
    private TestHost host;

    private Running(TestSchema schema, Path pluginsDirectory, LocalDiscord discord) {
      this.schema = schema;
      this.pluginsDirectory = pluginsDirectory;
      this.discord = discord;
    }

    /**
     * The host.
     *
     * @return the running host
     */
    public TestHost host() {
      return host;
    }

    /** Stops the host and drops its schema, plugins directory and local Discord. */
    @Override
    public void close() throws IOException {
      if (host != null) {
        host.stop();
        host = null;
      }
      if (discord != null) {
        discord.close();
      }
      schema.close();
      try (var files = Files.walk(pluginsDirectory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }

  private Host start(PluginRuntimeSettings runtime, TestSchema schema, LocalDiscord discord) {
    Host.Builder builder = Host.builder().storage(StorageSettings.of(storageSettings(schema))).plugins(runtime);
    if (discord != null) {
      builder.bot(Bot.Settings.builder(discord.token()).owners(Set.of(Long.parseLong(discord.user(owner).id())))
          .backupBeforeUpgrade(false).build()).discord(discord::configure);
    }
    try {
      return builder.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExtensionConfigurationException("Interrupted while the bot logged in to the local Discord", e);
    }
  }

  private static PluginDirectory.Candidate readPlugin(Path location) {
    try {
      return new PluginDirectory().read(location);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException("The testkit found no plugin at " + location + ": " + e.getMessage()
          + ". Build the module first (mvn test does), with plugin.properties in src/main/resources.", e);
    }
  }

  private static Map<String, String> storageSettings(TestSchema schema) {
    Map<String, String> values = new HashMap<>();
    values.put("database.url", schema.server().jdbcUrl());
    if (schema.user() != null) {
      values.put("database.user", schema.user());
    }
    if (schema.password() != null) {
      values.put("database.password", schema.password());
    }
    values.put("database.schema", schema.name());
    values.put("database.pool-size", "4");
    return values;
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    host = null;
    Running running = context.getStore(NAMESPACE).remove("running", Running.class);
    if (running != null) {
      running.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TestHost.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return host();
  }
}
