package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.plugin.Quarantine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * One loaded version's {@link Quarantine}: each new key is logged once as a warning on the plugin's
 * logger; at most {@link Quarantine#MAX_ITEMS} are listed, with keys and problems cut to their
 * limits and control characters replaced, so that nothing a plugin reports can flood the log, the
 * info command or the panel. Thread-safe.
 */
final class PluginQuarantine implements Quarantine {

  private final String pluginId;
  private final Logger log;
  private final Map<String, String> items = new LinkedHashMap<>();
  private long unlisted;

  PluginQuarantine(String pluginId, Logger log) {
    this.pluginId = pluginId;
    this.log = log;
  }

  @Override
  public void add(String key, String problem) {
    String shownKey = clean(Objects.requireNonNull(key, "key"), MAX_KEY_LENGTH);
    String shownProblem = clean(Objects.requireNonNull(problem, "problem"), MAX_PROBLEM_LENGTH);
    synchronized (this) {
      if (items.containsKey(shownKey)) {
        items.put(shownKey, shownProblem);
        return;
      }
      if (items.size() < MAX_ITEMS) {
        items.put(shownKey, shownProblem);
      } else {
        unlisted++;
      }
    }
    log.warn("plugin.quarantined plugin={} key={} problem={}", pluginId, shownKey, shownProblem);
  }

  @Override
  public synchronized boolean remove(String key) {
    return items.remove(clean(key, MAX_KEY_LENGTH)) != null;
  }

  @Override
  public synchronized List<Item> items() {
    List<Item> list = new ArrayList<>(items.size());
    items.forEach((key, problem) -> list.add(new Item(key, problem)));
    return List.copyOf(list);
  }

  /** @return how many items are quarantined, listed or not */
  synchronized long count() {
    return items.size() + unlisted;
  }

  private static String clean(String text, int max) {
    StringBuilder shown = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && shown.length() < max; i++) {
      char c = text.charAt(i);
      shown.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > max) {
      shown.setCharAt(max - 1, '…');
    }
    return shown.toString();
  }
}
