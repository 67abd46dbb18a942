/**
 * Plugins: finding them ({@code PluginDirectory}), resolving their dependencies into one start order,
 * loading each version in its own sandbox class loader (which sees only the SDK's artifacts), the
 * load-time check (through {@code plugin.check}), migrations before start, start, stop and reload, what
 * each loaded version registered (its context, commands and event subscriptions), and what a stopped
 * version left behind (threads still alive, a class loader not collected).
 *
 * <p>Owns: {@code CogwheelPluginManager}, which creates the command and event dispatchers and gives
 * them its plugins as {@code runtime.work.PluginDoor}s. May use {@code runtime.plugin.check}, {@code runtime.command},
 * {@code runtime.event}, {@code runtime.work}, {@code runtime.scheduler}, the SDK, the storage SPI and
 * PF4J; never the Discord adapter or the built-in commands.
 */
package dev.cogwheel.runtime.plugin;
