package dev.cogwheel.runtime.event;

import dev.cogwheel.runtime.command.CommandOutcome;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event meter, on Micrometer's global registry: nothing is kept or exported until
 * {@code cogwheel run} adds its Prometheus registry. Tags are plugin ids and outcomes.
 */
public final class EventMetrics {

  /** Event handler runs: tagged {@code plugin} and {@code outcome}. */
  public static final String EVENTS = "cogwheel.events";

  private EventMetrics() {}

  /**
   * Records one event handler run, or an event a plugin could not take.
   *
   * @param pluginId the plugin
   * @param outcome SUCCEEDED, FAILED, TIMED_OUT or UNAVAILABLE
   * @param nanos how long the handler ran, or the event waited
   */
  static void record(String pluginId, CommandOutcome outcome, long nanos) {
    Timer.builder(EVENTS)
        .description("Event handler runs of the plugins")
        .tags("plugin", pluginId, "outcome", outcome.name())
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10))
        .register(Metrics.globalRegistry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
