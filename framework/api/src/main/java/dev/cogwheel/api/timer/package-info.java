/**
 * Timers that survive restarts, kept in the plugin's state storage and armed on its scheduler.
 *
 * <p>Built on {@link dev.cogwheel.api.plugin.PluginContext} and {@link dev.cogwheel.api.scheduler};
 * nothing below it depends on it.
 */
package dev.cogwheel.api.timer;
