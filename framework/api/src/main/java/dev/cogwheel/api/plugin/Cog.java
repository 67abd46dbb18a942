package dev.cogwheel.api.plugin;

/**
 * A cog: the main class of a Cogwheel plugin, named by {@code plugin.class} in its descriptor.
 *
 * <p>The host creates one instance per load with the public no-argument constructor, calls
 * {@link #start(PluginContext)} once, and {@link #stop()} once when the plugin stops, is reloaded or
 * the bot shuts down. Everything registered through the context (commands, event handlers, tasks,
 * config listeners, privacy hooks) is released by the host after {@code stop}, so a cog only needs
 * {@code stop} for resources it created itself.
 *
 * <p>A cog that throws from {@code start} is marked FAILED with the exception as the reason; other
 * plugins keep running.
 */
public interface Cog {

  /**
   * Starts the cog: register commands, event handlers, config keys and tasks here.
   *
   * @param context the plugin's context, valid until the plugin stops
   * @throws Exception if the cog cannot start; the plugin is then FAILED and nothing it registered stays
   */
  void start(PluginContext context) throws Exception;

  /**
   * Stops the cog. Called after the host stopped sending it new commands and events and drained the
   * ones in flight.
   *
   * @throws Exception if stopping failed; it is logged, and the plugin is unloaded anyway
   */
  default void stop() throws Exception {
  }
}
