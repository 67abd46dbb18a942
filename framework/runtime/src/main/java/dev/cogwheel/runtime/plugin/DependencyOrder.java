package dev.cogwheel.runtime.plugin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.PluginDependency;

/**
 * The one dependency graph of a set of plugins: every plugin after the plugins it depends on (ties in
 * id order), and the plugins on a dependency cycle. The manager starts plugins in this order and
 * {@code cogwheel db} applies their changesets in it, so a plugin's migrations always find its
 * dependencies' tables, whichever tool runs them.
 *
 * @param ordered the plugin ids, dependencies first; plugins on a cycle are in it too, after their
 *     dependencies outside the cycle
 * @param cycles why a plugin cannot start, for each plugin on a cycle
 */
record DependencyOrder(List<String> ordered, Map<String, String> cycles) {

  /** Copies the results. */
  DependencyOrder {
    ordered = List.copyOf(ordered);
    cycles = Map.copyOf(cycles);
  }

  /**
   * Orders plugins by their descriptors' dependencies. Dependencies on plugins outside the set are
   * ignored here; whoever starts the plugins decides what a missing one means.
   *
   * @param descriptors the plugins' descriptors, by id
   * @return the order
   */
  static DependencyOrder of(Map<String, CogwheelDescriptor> descriptors) {
    Map<String, CogwheelDescriptor> byId = new TreeMap<>(descriptors);
    List<String> ordered = new ArrayList<>();
    Map<String, String> cycles = new LinkedHashMap<>();
    Map<String, Integer> marks = new HashMap<>();
    for (String id : byId.keySet()) {
      visit(id, byId, marks, new ArrayList<>(), ordered, cycles);
    }
    return new DependencyOrder(ordered, cycles);
  }

  /** Depth-first; a plugin on a cycle gets the cycle as its problem. */
  private static void visit(String id, Map<String, CogwheelDescriptor> byId, Map<String, Integer> marks, List<String> path,
      List<String> ordered, Map<String, String> cycles) {
    Integer mark = marks.get(id);
    if (mark != null) {
      if (mark == 1) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
        cycle.add(id);
        String text = "its dependencies form a cycle: " + String.join(" -> ", cycle) + "; remove one of these dependencies";
        cycle.forEach(member -> cycles.put(member, text));
      }
      return;
    }
    marks.put(id, 1);
    path.add(id);
    for (PluginDependency dependency : byId.get(id).getDependencies()) {
      if (byId.containsKey(dependency.getPluginId())) {
        visit(dependency.getPluginId(), byId, marks, path, ordered, cycles);
      }
    }
    path.remove(path.size() - 1);
    marks.put(id, 2);
    ordered.add(id);
  }
}
