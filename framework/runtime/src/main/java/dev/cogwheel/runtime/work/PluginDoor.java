package dev.cogwheel.runtime.work;

import java.util.Optional;

/**
 * The way in to one plugin id, kept across its reloads: what the command and event dispatchers see of
 * a plugin the manager runs.
 */
public interface PluginDoor {

  /**
   * The plugin's id.
   *
   * @return the id
   */
  String pluginId();

  /**
   * The plugin's work gate: work handed to it runs on the current version, waits during a reload, or fails.
   *
   * @return the gate
   */
  WorkGate gate();

  /**
   * Whether the plugin takes work: it is started, or reloading (its work waits for the new version).
   *
   * @return true when started or reloading
   */
  boolean accepting();

  /**
   * Whether the plugin is being reloaded.
   *
   * @return true while reloading
   */
  boolean reloading();

  /**
   * The version loaded now, if any.
   *
   * @return the loaded version
   */
  Optional<PluginVersion> loaded();

  /**
   * The plugin's state and its reason, for messages.
   *
   * @return for example {@code FAILED: its start threw ...}
   */
  String status();
}
