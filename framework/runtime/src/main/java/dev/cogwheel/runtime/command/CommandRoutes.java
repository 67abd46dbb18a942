package dev.cogwheel.runtime.command;

/**
 * Who owns which command name across plugins; the command dispatcher implements it. A name stays
 * routed to its plugin while the plugin reloads, so that invocations in between wait for the new
 * version instead of failing.
 */
public interface CommandRoutes {

  /**
   * Claims a command name for a plugin.
   *
   * @param name the command name
   * @param pluginId the plugin
   * @throws IllegalArgumentException if another running plugin holds the name
   */
  void claim(String name, String pluginId);

  /**
   * Gives a name up.
   *
   * @param name the command name
   * @param pluginId the plugin that held it
   */
  void release(String name, String pluginId);
}
