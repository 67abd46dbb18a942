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
import java.util.function.ToIntFunction;

/**
 * The plugin states' gauges, on Micrometer's global registry: nothing is kept or exported until
 * {@code cogwheel run} adds its Prometheus registry (see {@code dev.cogwheel.runtime.metrics}). Tags
 * are states, never a guild, channel or user. The command and event meters are the dispatchers'.
 */
final class PluginMetrics {

  /** How many plugins are in each state: tagged {@code state}. */
  static final String PLUGINS = "cogwheel.plugins";

  private PluginMetrics() {}

  /**
   * Registers one gauge per plugin state. A process has one plugin host; should another be created
   * (tests do), its gauges replace the previous host's, so they always describe the newest host.
   *
   * @param count how many plugins are in a state
   * @return the gauges, for {@link #removeStates}
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
   * Removes a host's state gauges, unless a newer host's have replaced them.
   *
   * @param gauges what {@link #registerStates} returned
   */
  static void removeStates(List<Gauge> gauges) {
    for (Gauge gauge : gauges) {
      Meter current = Metrics.globalRegistry.find(PLUGINS).tags(gauge.getId().getTags()).gauge();
      if (current == gauge) {
        Metrics.globalRegistry.remove(gauge);
      }
    }
  }
}
