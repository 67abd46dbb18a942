package dev.cogwheel.runtime;

import dev.cogwheel.runtime.discord.Bot;
import dev.cogwheel.runtime.metrics.MetricsServer;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginRuntimeSettings;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.StorageProviders;
import dev.cogwheel.storage.spi.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a Cogwheel process: it owns the start and stop order of its parts. It starts
 * the metrics endpoint (so a scrape answers for the whole life of the process), the storage backend,
 * the plugins, the bot (which starts the plugins once its built-in commands are registered, or the
 * plugins alone without a bot), then the components such as the panel; it stops them in the reverse
 * order, each once: no panel write lands while the bot shuts down, the plugins' work is drained
 * before the pool closes, and the metrics endpoint answers until the end.
 *
 * <p>The CLI, the testkit and the benchmark drivers all build their host here. Thread-safe;
 * {@link #close()} is idempotent.
 */
public final class Host implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Host.class);

  private final StorageBackend storage;
  private final CogwheelPluginManager plugins;
  private final Bot bot;
  private final MetricsServer metrics;
  /** What stops, last started first. */
  private final Deque<AutoCloseable> running;

  private Host(StorageBackend storage, CogwheelPluginManager plugins, Bot bot, MetricsServer metrics, Deque<AutoCloseable> running) {
    this.storage = storage;
    this.plugins = plugins;
    this.bot = bot;
    this.metrics = metrics;
    this.running = running;
  }

  /**
   * A builder: give it the storage and the plugin settings, and optionally a bot, metrics and components.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The instance's storage backend.
   *
   * @return the backend
   */
  public StorageBackend storage() {
    return storage;
  }

  /**
   * The plugin manager.
   *
   * @return the manager, started
   */
  public CogwheelPluginManager plugins() {
    return plugins;
  }

  /**
   * The bot, when the host was built with one.
   *
   * @return the bot, or empty for a host that runs plugins without Discord
   */
  public Optional<Bot> findBot() {
    return Optional.ofNullable(bot);
  }

  /**
   * The metrics endpoint, when the host was built with one.
   *
   * @return the endpoint, or empty
   */
  public Optional<MetricsServer> findMetrics() {
    return Optional.ofNullable(metrics);
  }

  /**
   * Stops everything in the reverse order of its start: components, the bot and the plugins (their
   * work drained), the storage backend (group commits flushed, the pool closed), the metrics endpoint.
   * A part that fails to stop is logged and the others still stop. Calling it again does nothing.
   */
  @Override
  public void close() {
    stopAll(running);
  }

  private static void stopAll(Deque<AutoCloseable> parts) {
    synchronized (parts) {
      while (!parts.isEmpty()) {
        AutoCloseable part = parts.pop();
        try {
          part.close();
        } catch (Exception e) {
          log.warn("host.stop_failed part={} error={}", part.getClass().getSimpleName(), e.toString());
        }
      }
    }
  }

  /** Builds and starts a {@link Host}. Not thread-safe; use once. */
  public static final class Builder {

    private Supplier<StorageBackend> storage;
    private PluginRuntimeSettings plugins;
    private Bot.Settings bot;
    private UnaryOperator<DefaultShardManagerBuilder> discord = UnaryOperator.identity();
    private MetricsServer.Settings metrics;
    private final List<HostComponent> components = new ArrayList<>();

    private Builder() {}

    /**
     * Opens the installed storage backend ({@link StorageProviders}) with these settings when the host starts.
     *
     * @param settings the storage settings
     * @return this builder
     */
    public Builder storage(StorageSettings settings) {
      Objects.requireNonNull(settings, "settings");
      this.storage = () -> StorageProviders.find().open(settings);
      return this;
    }

    /**
     * Runs on a backend the caller opened; the host closes it when it stops.
     *
     * @param backend an open backend
     * @return this builder
     */
    public Builder storage(StorageBackend backend) {
      Objects.requireNonNull(backend, "backend");
      this.storage = () -> backend;
      return this;
    }

    /**
     * How the plugins run.
     *
     * @param settings the plugin runtime settings
     * @return this builder
     */
    public Builder plugins(PluginRuntimeSettings settings) {
      this.plugins = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Connects a bot to Discord. Without it the host runs the plugins without Discord.
     *
     * @param settings how the bot connects
     * @return this builder
     */
    public Builder bot(Bot.Settings settings) {
      this.bot = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * A last change to the bot's ShardManager builder, such as pointing it at a local Discord.
     *
     * @param configure the change
     * @return this builder
     */
    public Builder discord(UnaryOperator<DefaultShardManagerBuilder> configure) {
      this.discord = Objects.requireNonNull(configure, "configure");
      return this;
    }

    /**
     * Serves Prometheus metrics while the host runs.
     *
     * @param settings where to listen
     * @return this builder
     */
    public Builder metrics(MetricsServer.Settings settings) {
      this.metrics = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Adds a component, started after the bot in the order added, and stopped before it.
     *
     * @param component the component
     * @return this builder
     */
    public Builder component(HostComponent component) {
      components.add(Objects.requireNonNull(component, "component"));
      return this;
    }

    /**
     * Starts the host. If a part fails to start, what already started is stopped and the failure thrown.
     *
     * @return the running host
     * @throws IllegalStateException if no storage or plugin settings were given
     * @throws UncheckedIOException if the metrics endpoint cannot listen
     * @throws InterruptedException if interrupted while the bot's shards connect
     */
    public Host start() throws InterruptedException {
      if (storage == null || plugins == null) {
        throw new IllegalStateException("A host needs storage(...) and plugins(...) before start().");
      }
      Deque<AutoCloseable> running = new ArrayDeque<>();
      try {
        MetricsServer metricsServer = metrics == null ? null : push(running, startMetrics(metrics));
        StorageBackend backend = push(running, storage.get());
        CogwheelPluginManager manager = push(running, new CogwheelPluginManager(plugins, backend));
        Bot started = null;
        if (bot == null) {
          manager.startAll();
        } else {
          started = push(running, Bot.start(bot, backend, manager, discord));
        }
        Host host = new Host(backend, manager, started, metricsServer, running);
        for (HostComponent component : components) {
          push(running, component.start(host));
        }
        return host;
      } catch (InterruptedException | RuntimeException | Error e) {
        stopAll(running);
        throw e;
      }
    }

    private static MetricsServer startMetrics(MetricsServer.Settings settings) {
      try {
        return MetricsServer.start(settings);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> running, T part) {
      synchronized (running) {
        running.push(part);
      }
      return part;
    }
  }
}
