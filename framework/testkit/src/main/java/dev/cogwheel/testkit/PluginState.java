package dev.cogwheel.testkit;

/** Where a plugin is in its life, as a test sees it. */
public enum PluginState {
  /** Found but not loaded, or unloaded. */
  UNLOADED,
  /** Running: its commands and events are served. */
  STARTED,
  /** Being replaced by a new version; work for it waits. */
  RELOADING,
  /** Stopped by an operator, and kept stopped across restarts. */
  DISABLED,
  /** Its load, migrations or start failed; {@link PluginStatus#reason()} says why. */
  FAILED
}
