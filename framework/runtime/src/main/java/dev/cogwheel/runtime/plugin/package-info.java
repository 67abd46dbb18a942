/**
 * Plugins: finding them ({@code PluginDirectory}), resolving their dependencies into one start order,
 * loading each version in its own sandbox class loader (which sees only the SDK's artifacts), the
 * load-time database-access check, migrations before start, start, stop, reload and the work gate
 * that holds a reloading plugin's work, and the dispatch of commands and events to each plugin's
 * own threads.
 *
 * <p>Owns: {@code CogwheelPluginManager} and everything a loaded plugin registered. May use
 * {@code runtime.command} (invocations and outcomes), {@code runtime.scheduler}, the SDK, the storage
 * SPI and PF4J; never the Discord adapter or the built-in commands.
 */
package dev.cogwheel.runtime.plugin;
