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
 * The plugin host's meters, on Micrometer's global registry: nothing is kept or exported until
 * {@code cogwheel run} adds its Prometheus registry (see {@code dev.cogwheel.runtime.metrics}). Tags
 * are plugin ids, command names, states and outcomes, never a guild, channel or user.
 */
final class PluginMetrics {

  /** Command invocations: tagged {@code plugin}, {@code command} (the top-level name) and {@code outcome}. */
  static final String COMMANDS = "cogwheel.commands";

  /** Event handler runs: tagged {@code plugin} and {@code outcome}. */
  static final String EVENTS = "cogwheel.events";

  /** How many plugins are in each state: tagged {@code state}. */
  static final String PLUGINS = "cogwheel.plugins";

  /** The {@code plugin} tag of a command no plugin has. */
  static final String NO_PLUGIN = "none";

  private PluginMetrics() {}

  /**
   * Records one command invocation.
   *
   * @param pluginId the plugin that owns it, {@code cogwheel} for the host's, empty for none
   * @param command its top-level name
   * @param outcome how it ended
   * @param nanos from dispatch to its result
   */
  static void command(String pluginId, String command, CommandOutcome outcome, long nanos) {
    Timer.builder(COMMANDS)
        .description("Slash command invocations, from dispatch to the result")
        .tags("plugin", pluginId.isEmpty() ? NO_PLUGIN : pluginId, "command", command, "outcome", outcome.name())
        .publishPercentileHistogram()
        .register(Metrics.globalRegistry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Records one event handler run, or an event a plugin could not take.
   *
   * @param pluginId the plugin
   * @param outcome SUCCEEDED, FAILED, TIMED_OUT or UNAVAILABLE
   * @param nanos how long the handler ran, or the event waited
   */
  static void event(String pluginId, CommandOutcome outcome, long nanos) {
    Timer.builder(EVENTS)
        .description("Event handler runs of the plugins")
        .tags("plugin", pluginId, "outcome", outcome.name())
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10))
        .register(Metrics.globalRegistry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

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
