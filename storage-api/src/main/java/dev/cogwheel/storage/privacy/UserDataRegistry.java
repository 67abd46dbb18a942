package dev.cogwheel.storage.privacy;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.Subscription;

/**
 * A plugin's privacy hooks, and the export and deletion that run them. Thread-safe.
 */
public interface UserDataRegistry {

  /**
   * Registers a hook; it is dropped when the subscription is cancelled or the plugin stops.
   *
   * @param hook the hook
   * @return cancels the registration
   */
  Subscription register(UserDataHook hook);

  /**
   * Exports what the plugin holds for the Pid: settings at member and user scopes, then every hook's
   * items.
   *
   * @param pid the person's Pid
   * @return the export
   */
  UserDataExport export(Pid pid);

  /**
   * Deletes what the plugin holds for the Pid: settings at member and user scopes, then every hook's
   * data.
   *
   * @param pid the person's Pid
   * @return how many items were deleted
   */
  int delete(Pid pid);
}
