package dev.cogwheel.runtime.plugin;

import dev.cogwheel.runtime.work.PluginDoor;
import dev.cogwheel.runtime.work.PluginVersion;
import dev.cogwheel.runtime.work.WorkGate;
import java.util.List;
import java.util.Optional;
/**
 * Everything the host keeps for one plugin id across loads: where it comes from, its state, the
 * running version if any, and the gate its work passes. Fields are written under the manager's
 * lifecycle lock and read from any thread.
 */
final class PluginSlot implements PluginDoor {

  final String id;
  final WorkGate gate;
  volatile PluginDirectory.Candidate candidate;
  volatile LoadedPlugin loaded;
  volatile PluginState state = PluginState.UNLOADED;
  volatile String reason = "";
  /** Its last start failed: it stays FAILED until an operator loads, reloads or enables it. */
  volatile boolean startFailed;

  PluginSlot(String id, PluginDirectory.Candidate candidate) {
    this.id = id;
    this.candidate = candidate;
    this.gate = new WorkGate(id);
  }

  @Override
  public String pluginId() {
    return id;
  }

  @Override
  public WorkGate gate() {
    return gate;
  }

  @Override
  public boolean accepting() {
    PluginState now = state;
    return now == PluginState.STARTED || now == PluginState.RELOADING;
  }

  @Override
  public boolean reloading() {
    return state == PluginState.RELOADING;
  }

  @Override
  public Optional<PluginVersion> loaded() {
    return Optional.ofNullable(loaded);
  }

  @Override
  public String status() {
    String why = reason;
    return state + (why.isEmpty() ? "" : ": " + why);
  }

  PluginInfo info() {
    PluginDirectory.Candidate c = candidate;
    LoadedPlugin running = loaded;
    return new PluginInfo(id, c.descriptor().getVersion() == null ? "" : c.descriptor().getVersion(), state, reason,
        c.descriptor().getPluginDescription(), c.descriptor().userData(),
        c.descriptor().getDependencies().stream().map(PluginSlot::written).toList(), c.file(),
        running == null ? List.of() : running.quarantine().items());
  }

  /** A dependency as a descriptor writes it: {@code xp@>=1.0}, {@code stats?}. */
  static String written(org.pf4j.PluginDependency dependency) {
    String range = dependency.getPluginVersionSupport();
    return dependency.getPluginId() + (dependency.isOptional() ? "?" : "")
        + (range == null || range.isBlank() || range.equals("*") ? "" : "@" + range);
  }
}
