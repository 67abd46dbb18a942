package dev.cogwheel.storage.config;

/**
 * Called after a setting of the plugin changed. Runs on a storage thread: keep it short and hand long
 * work to the plugin's scheduler. An exception it throws is logged and does not stop other listeners.
 */
@FunctionalInterface
public interface ConfigListener {

  /**
   * Handles a change.
   *
   * @param event what changed
   */
  void onChange(ConfigChangedEvent event);
}
