package dev.cogwheel.storage.state;

import java.util.List;
import java.util.Optional;

/**
 * A plugin's durable live state: string keys to string values, each with a version for optimistic
 * concurrency. Keys are 1 to 200 characters without control characters; values at most 256 KiB.
 * Writes are committed when the method returns. Thread-safe.
 */
public interface StateStore {

  /** The version to pass to {@link #compareAndSet} to create a key only if it does not exist. */
  long ABSENT = 0L;

  /**
   * Reads a key.
   *
   * @param key the key
   * @return the entry, or empty if the key does not exist
   */
  Optional<StateEntry> find(String key);

  /**
   * Writes a key whatever its current version.
   *
   * @param key the key
   * @param value the value
   * @return the stored entry with its new version
   * @throws dev.cogwheel.storage.StorageInvalidException if the key or value is not valid
   */
  StateEntry put(String key, String value);

  /**
   * Writes a key only if its version is still {@code expectedVersion} ({@link #ABSENT} when it must
   * not exist yet).
   *
   * @param key the key
   * @param expectedVersion the version last read
   * @param value the new value
   * @return the stored entry, or empty if another write came first
   */
  Optional<StateEntry> compareAndSet(String key, long expectedVersion, String value);

  /**
   * Every entry whose key starts with {@code prefix}, ordered by key.
   *
   * @param prefix the prefix; empty for all
   * @return the entries
   */
  List<StateEntry> list(String prefix);

  /**
   * Deletes a key.
   *
   * @param key the key
   * @return whether it existed
   */
  boolean delete(String key);

  /**
   * Deletes a key only if its version is still {@code expectedVersion}.
   *
   * @param key the key
   * @param expectedVersion the version last read
   * @return whether it was deleted
   */
  boolean compareAndDelete(String key, long expectedVersion);
}
