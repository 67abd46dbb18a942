package dev.cogwheel.runtime.work;

/**
 * Work for a plugin (a command, an event) could not be handed to it: the plugin is not started, or a
 * reload did not finish in time. The message names the plugin and its state or reason.
 */
public final class PluginUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String pluginId;

  /**
   * Creates the exception.
   *
   * @param pluginId the plugin
   * @param message what happened, naming the plugin
   */
  public PluginUnavailableException(String pluginId, String message) {
    super(message);
    this.pluginId = pluginId;
  }

  /**
   * The plugin the work was for.
   *
   * @return its id
   */
  public String pluginId() {
    return pluginId;
  }
}
