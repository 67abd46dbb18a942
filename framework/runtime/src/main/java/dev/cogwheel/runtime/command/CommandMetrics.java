package dev.cogwheel.runtime.command;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The command meter, on Micrometer's global registry: nothing is kept or exported until
 * {@code cogwheel run} adds its Prometheus registry. Tags are plugin ids, command names and outcomes,
 * never a guild, channel or user.
 */
public final class CommandMetrics {

  /** Command invocations: tagged {@code plugin}, {@code command} (the top-level name) and {@code outcome}. */
  public static final String COMMANDS = "cogwheel.commands";

  /** The {@code plugin} tag of a command no plugin has. */
  public static final String NO_PLUGIN = "none";

  private CommandMetrics() {}

  /**
   * Records one command invocation.
   *
   * @param pluginId the plugin that owns it, {@code cogwheel} for the host's, empty for none
   * @param command its top-level name
   * @param outcome how it ended
   * @param nanos from dispatch to its result
   */
  static void record(String pluginId, String command, CommandOutcome outcome, long nanos) {
    Timer.builder(COMMANDS)
        .description("Slash command invocations, from dispatch to the result")
        .tags("plugin", pluginId.isEmpty() ? NO_PLUGIN : pluginId, "command", command, "outcome", outcome.name())
        .publishPercentileHistogram()
        .register(Metrics.globalRegistry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
