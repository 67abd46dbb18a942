package dev.cogwheel.runtime.plugin;

/** Where a plugin is in its lifecycle. */
public enum PluginState {
  /** Found in the plugins directory, its classes not loaded (never started, or unloaded). */
  UNLOADED,
  /** Running: its commands and event handlers receive work. */
  STARTED,
  /** Being stopped and started again; work for it waits and goes to the new version. */
  RELOADING,
  /** Switched off by an operator; stays off across restarts until enabled. */
  DISABLED,
  /** Could not be resolved, loaded, migrated or started; {@link PluginInfo#reason()} says why. */
  FAILED
}
