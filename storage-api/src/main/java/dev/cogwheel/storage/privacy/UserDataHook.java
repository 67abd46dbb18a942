package dev.cogwheel.storage.privacy;

import dev.cogwheel.storage.Pid;
import java.util.List;

/**
 * A plugin's answer to privacy requests for the data it keeps in its own tables and state. Settings
 * stored at member and user scopes are covered by the store itself and need no hook.
 */
public interface UserDataHook {

  /**
   * Everything this plugin keeps about the person.
   *
   * @param pid the person's Pid (member Pid of a guild, or user Pid)
   * @return the items, empty if none
   */
  List<UserDataRecord> export(Pid pid);

  /**
   * Deletes everything this plugin keeps about the person.
   *
   * @param pid the person's Pid
   * @return how many items were deleted
   */
  int delete(Pid pid);
}
