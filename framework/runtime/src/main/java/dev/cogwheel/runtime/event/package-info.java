/**
 * Events for plugins: {@code EventDispatcher} hands each event (a JDA event or one of the host's) to
 * every plugin that subscribed to its type, on the plugin's own threads through its work gate, so a
 * reloading plugin gets it from its new version; a handler that throws or runs past the handler
 * timeout is logged and counted, and never reaches another plugin.
 *
 * <p>Owns: event delivery and its meter. May use {@code runtime.work}, {@code runtime.command} (for
 * outcomes) and the SDK; never the plugin manager.
 */
package dev.cogwheel.runtime.event;
