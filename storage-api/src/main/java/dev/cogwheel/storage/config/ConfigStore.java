package dev.cogwheel.storage.config;

import dev.cogwheel.storage.Subscription;
import java.util.List;
import java.util.Optional;

/**
 * A plugin's settings. Reads are served from a cache that a write by any process invalidates (through
 * the database's notifications), so a value set from the panel is seen by every bot process within a
 * second. Thread-safe.
 */
public interface ConfigStore {

  /**
   * Declares the plugin's keys, so admins (commands, panel) can list and edit them. Reading or writing
   * a key does not require it to be registered.
   *
   * @param keys the keys
   * @throws dev.cogwheel.storage.StorageInvalidException if two different keys share a name
   */
  void register(ConfigKey<?>... keys);

  /**
   * The keys declared with {@link #register}, in declaration order.
   *
   * @return the keys
   */
  List<ConfigKey<?>> keys();

  /**
   * The effective value for a scope: the value set at the scope, else at its parents in turn, else
   * the key's default.
   *
   * @param key the key
   * @param scope where to read
   * @param <T> the value type
   * @return the value, never null
   */
  <T> T get(ConfigKey<T> key, ConfigScope scope);

  /**
   * The value set at exactly this scope, without falling back.
   *
   * @param key the key
   * @param scope where to read
   * @param <T> the value type
   * @return the value, or empty if none is set here
   */
  <T> Optional<T> find(ConfigKey<T> key, ConfigScope scope);

  /**
   * Sets a value at a scope, after validating it, and notifies every process.
   *
   * @param key the key
   * @param scope where to write
   * @param value the value
   * @param <T> the value type
   * @throws dev.cogwheel.storage.StorageInvalidException if the value breaks the key's rules or is
   *     too large (64 KiB of text)
   */
  <T> void set(ConfigKey<T> key, ConfigScope scope, T value);

  /**
   * Removes the value set at a scope, so reads fall back to the parents or the default.
   *
   * @param key the key
   * @param scope where to clear
   * @return whether a value was set there
   */
  boolean clear(ConfigKey<?> key, ConfigScope scope);

  /**
   * Every value set at exactly this scope, registered or not, ordered by key name.
   *
   * @param scope the scope
   * @return the entries
   */
  List<ConfigEntry> list(ConfigScope scope);

  /**
   * Adds a listener for changes to this plugin's settings made by any process.
   *
   * @param listener the listener
   * @return cancels the listener
   */
  Subscription addListener(ConfigListener listener);
}
