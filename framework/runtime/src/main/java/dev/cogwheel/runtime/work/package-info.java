/**
 * The way work reaches a plugin, shared by the plugin manager and the command and event dispatchers:
 * a {@link dev.cogwheel.runtime.work.WorkGate} per plugin id that runs work on the current
 * {@link dev.cogwheel.runtime.work.PluginVersion}, holds it during a reload and fails it with a
 * {@link dev.cogwheel.runtime.work.PluginUnavailableException} when the plugin is not running.
 *
 * <p>Owns: the gate and the interfaces through which the dispatchers see plugins
 * ({@link dev.cogwheel.runtime.work.PluginDoor}). May use the SDK only; the plugin manager implements
 * these interfaces, so the dispatchers never depend on it.
 */
package dev.cogwheel.runtime.work;
