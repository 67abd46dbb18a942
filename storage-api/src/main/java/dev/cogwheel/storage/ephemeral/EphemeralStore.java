package dev.cogwheel.storage.ephemeral;

import java.time.Duration;
import java.util.Optional;

/**
 * Short-lived string values with a time to live, scoped to the plugin.
 *
 * <p><b>Not durable.</b> The in-process store loses everything on restart or reload; the Redis store
 * loses it when Redis restarts or evicts. Never keep configuration, records, XP, balances or anything
 * that must survive a restart here: use the config, state or table stores. Keys are 1 to 200
 * characters; values at most 64 KiB; a TTL is between 1 ms and 30 days. Thread-safe.
 */
public interface EphemeralStore {

  /**
   * Reads a value that has not expired.
   *
   * @param key the key
   * @return the value, or empty if absent or expired
   */
  Optional<String> get(String key);

  /**
   * Writes a value, replacing any other.
   *
   * @param key the key
   * @param value the value
   * @param ttl how long it lives
   * @throws dev.cogwheel.storage.StorageInvalidException if the key, value or TTL is not valid
   */
  void put(String key, String value, Duration ttl);

  /**
   * Writes a value only if the key is absent or expired; the basis of cooldowns.
   *
   * @param key the key
   * @param value the value
   * @param ttl how long it lives
   * @return whether it was written
   */
  boolean putIfAbsent(String key, String value, Duration ttl);

  /**
   * Removes a value.
   *
   * @param key the key
   * @return whether a live value was removed
   */
  boolean delete(String key);
}
