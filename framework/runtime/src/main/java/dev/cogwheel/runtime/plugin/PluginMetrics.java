package dev.cogwheel.runtime.plugin;

import dev.cogwheel.runtime.command.CommandOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The plugin states' gauges, and those of what stopped versions left behind (threads, leaked class
 * loaders), on Micrometer's global registry: nothing is kept or exported until
 * {@code cogwheel run} adds its Prometheus registry (see {@code dev.cogwheel.runtime.metrics}). Tags
 * are states or plugin ids, never a guild, channel or user. The command and event meters are the dispatchers'.
 */
final class PluginMetrics {

  /** How many plugins are in each state: tagged {@code state}. */
  static final String PLUGINS = "cogwheel.plugins";

  /** Threads of stopped plugin versions still alive after the interrupt. */
  static final String THREADS_LINGERING = "cogwheel.plugins.threads.lingering";

  /** Class loaders of stopped plugin versions reported as leaked and still not collected. */
  static final String CLASS_LOADERS_LEAKED = "cogwheel.plugins.classloaders.leaked";

  /** Threads that survived their plugin's stop and its interrupt, counted when it stopped: tagged {@code plugin}. */
  static final String THREADS_SURVIVED = "cogwheel.plugins.threads.survived";
  /** How many stored items a running plugin reported it cannot use: tagged {@code plugin}. */
  static final String QUARANTINED = "cogwheel.plugin.quarantined.items";

  private PluginMetrics() {}

  /**
   * Registers one gauge per plugin state. A process has one plugin host; should another be created
   * (tests do), its gauges replace the previous host's, so they always describe the newest host.
   *
   * @param count how many plugins are in a state
   * @return the gauges, for {@link #remove}
   */
  static List<Gauge> registerStates(ToIntFunction<PluginState> count) {
    List<Gauge> gauges = new ArrayList<>();
    for (PluginState state : PluginState.values()) {
      Gauge previous = Metrics.globalRegistry.find(PLUGINS).tag("state", state.name()).gauge();
      if (previous != null) {
        Metrics.globalRegistry.remove(previous);
      }
      gauges.add(Gauge.builder(PLUGINS, () -> count.applyAsInt(state))
          .description("Plugins of the host in each lifecycle state")
          .tag("state", state.name())
          .strongReference(true)
          .register(Metrics.globalRegistry));
    }
    return List.copyOf(gauges);
  }

  /**
   * Registers the gauges of what stopped versions left behind, replacing a previous host's.
   *
   * @param lingering how many threads of stopped versions are alive
   * @param leaked how many class loaders are reported leaked and not collected
   * @return the gauges, for {@link #remove}
   */
  static List<Gauge> registerLeftovers(IntSupplier lingering, IntSupplier leaked) {
    List<Gauge> gauges = new ArrayList<>();
    gauges.add(replace(THREADS_LINGERING, lingering, "Threads of stopped plugin versions still alive after they were interrupted"));
    gauges.add(replace(CLASS_LOADERS_LEAKED, leaked, "Class loaders of stopped plugin versions not collected after a full collection"));
    return List.copyOf(gauges);
  }

  private static Gauge replace(String name, IntSupplier value, String description) {
    Gauge previous = Metrics.globalRegistry.find(name).gauge();
    if (previous != null) {
      Metrics.globalRegistry.remove(previous);
    }
    return Gauge.builder(name, value::getAsInt).description(description).strongReference(true).register(Metrics.globalRegistry);
  }

  /**
   * Counts threads that survived a plugin's stop.
   *
   * @param pluginId the plugin
   * @param threads how many
   */
  static void threadsAlive(String pluginId, int threads) {
    Metrics.globalRegistry.counter(THREADS_SURVIVED, "plugin", pluginId).increment(threads);
  }

  /**
   * Removes a host's gauges, unless a newer host's have replaced them.
   *
   * @param gauges what {@link #registerStates} and {@link #registerLeftovers} returned
   */
  static void remove(List<Gauge> gauges) {
    for (Gauge gauge : gauges) {
      Meter current = Metrics.globalRegistry.find(gauge.getId().getName()).tags(gauge.getId().getTags()).gauge();
      if (current == gauge) {
        Metrics.globalRegistry.remove(gauge);
      }
    }
  }

  /**
   * Registers the gauge of a plugin's quarantined items, replacing an older host's for the same plugin.
   *
   * @param pluginId the plugin
   * @param count how many items its running version quarantined; 0 when it is not running
   * @return the gauge, for {@link #remove}
   */
  static Gauge registerQuarantined(String pluginId, Supplier<Number> count) {
    Gauge previous = Metrics.globalRegistry.find(QUARANTINED).tag("plugin", pluginId).gauge();
    if (previous != null) {
      Metrics.globalRegistry.remove(previous);
    }
    return Gauge.builder(QUARANTINED, count)
        .description("Stored items a running plugin reported it cannot use (kept, not used; see /plugins info)")
        .tag("plugin", pluginId)
        .strongReference(true)
        .register(Metrics.globalRegistry);
  }
}
