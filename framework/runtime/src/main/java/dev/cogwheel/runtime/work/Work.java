package dev.cogwheel.runtime.work;

/** One piece of work for a plugin, handed to its {@link WorkGate}. */
public interface Work {

  /**
   * Runs the work against the plugin version that took it.
   *
   * @param plugin the running version
   */
  void run(PluginVersion plugin);

  /**
   * Fails the work without running it.
   *
   * @param reason why
   */
  void fail(PluginUnavailableException reason);

  /**
   * Whether the work no longer needs to run (its caller gave up waiting).
   *
   * @return true to drop it
   */
  boolean abandoned();
}
