package dev.cogwheel.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * Stored data of a plugin that the plugin cannot use: a timer whose time cannot be armed, a row or
 * state entry that no longer decodes. Reporting it keeps the plugin running instead of failing its
 * start or every later run: the item is left where it is, logged once as a warning with the plugin
 * and its key, listed in {@code /plugins info} and the panel, and counted in the metric
 * {@code cogwheel_plugin_quarantined_items}, so an operator can fix or delete it.
 *
 * <p>The list belongs to one loaded version of the plugin: it starts empty at every start, so data
 * that was fixed is not reported again. It lists at most {@link #MAX_ITEMS} items; later ones are
 * only logged and counted.
 *
 * <pre>{@code
 * try {
 *   arm(decode(entry));
 * } catch (RuntimeException e) {
 *   context.quarantine().add(entry.key(), "cannot be decoded: " + e.getMessage());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Quarantine {

  /** The most items listed per plugin. */
  int MAX_ITEMS = 100;

  /** The longest key kept; longer keys are cut. */
  int MAX_KEY_LENGTH = 200;

  /** The longest problem kept; longer texts are cut. */
  int MAX_PROBLEM_LENGTH = 300;

  /**
   * One item the plugin cannot use.
   *
   * @param key where it is stored, as the plugin names it (a state key, a table and its key)
   * @param problem what is wrong with it and, if known, what fixes it
   */
  record Item(String key, String problem) {
    /** Checks the fields. */
    public Item {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(problem, "problem");
    }
  }

  /**
   * Reports an item; reporting the same key again replaces its problem without logging again.
   *
   * @param key where it is stored
   * @param problem what is wrong with it
   */
  void add(String key, String problem);

  /**
   * Withdraws an item, as when the plugin deleted or repaired it.
   *
   * @param key where it is stored
   * @return true if it was listed
   */
  boolean remove(String key);

  /**
   * The items reported since the plugin started, oldest first.
   *
   * @return the items
   */
  List<Item> items();
}
