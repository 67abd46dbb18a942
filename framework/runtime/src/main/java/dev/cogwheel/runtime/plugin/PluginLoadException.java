package dev.cogwheel.runtime.plugin;

/** A plugin could not be loaded, migrated or started; the message says why, for the plugin's reason. */
final class PluginLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  PluginLoadException(String message) {
    super(message);
  }

  PluginLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
