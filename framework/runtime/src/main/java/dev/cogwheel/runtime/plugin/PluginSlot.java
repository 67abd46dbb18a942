package dev.cogwheel.runtime.plugin;

import dev.cogwheel.runtime.work.PluginDoor;
import dev.cogwheel.runtime.work.PluginVersion;
import dev.cogwheel.runtime.work.WorkGate;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

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
  /** Stopped versions whose threads are still alive or whose class loader has not been seen collected. */
  final List<Leftover> leftovers = new CopyOnWriteArrayList<>();

  /**
   * What a stopped version may have left behind. Holds its class loader and threads weakly, so that
   * keeping the record keeps nothing alive.
   */
  static final class Leftover {
    final String version;
    final WeakReference<ClassLoader> loader;
    final List<WeakReference<Thread>> threads;
    final Instant stopped;
    /** Its class loader was still there after a collection, well after it stopped. */
    volatile boolean leaked;

    Leftover(String version, ClassLoader loader, List<Thread> threads, Instant stopped) {
      this.version = version;
      this.loader = new WeakReference<>(loader);
      this.threads = threads.stream().map(WeakReference::new).toList();
      this.stopped = stopped;
    }

    /** Its threads that are still alive. */
    List<Thread> liveThreads() {
      List<Thread> live = new ArrayList<>();
      for (WeakReference<Thread> ref : threads) {
        Thread thread = ref.get();
        if (thread != null && thread.isAlive()) {
          live.add(thread);
        }
      }
      return live;
    }

    boolean collected() {
      return loader.refersTo(null);
    }

    /** Whether it is still worth reporting: a live thread, or a leaked loader not yet collected. */
    boolean matters() {
      return !liveThreads().isEmpty() || (leaked && !collected());
    }
  }

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
        c.descriptor().getDependencies().stream().map(PluginSlot::written).toList(), c.file(), leftoverLines(),
        running == null ? List.of() : running.quarantine().items());
  }

  /** One line per stopped version that left something behind; forgets those that left nothing any more. */
  List<String> leftoverLines() {
    List<String> lines = new ArrayList<>();
    for (Leftover leftover : leftovers) {
      if (leftover.collected() && leftover.liveThreads().isEmpty()) {
        leftovers.remove(leftover);
        continue;
      }
      List<Thread> live = leftover.liveThreads();
      if (!live.isEmpty()) {
        lines.add("version " + leftover.version + " left " + live.size() + " thread(s) running after it stopped, interrupted"
            + " and still alive: " + String.join(", ", live.stream().map(Thread::getName).toList()));
      }
      if (leftover.leaked && !leftover.collected()) {
        lines.add("version " + leftover.version + "'s class loader was not collected after it stopped (leaked"
            + (live.isEmpty() ? "; something still refers to it" : "; its live threads keep it") + ")");
      }
    }
    return lines;
  }

  /** A dependency as a descriptor writes it: {@code xp@>=1.0}, {@code stats?}. */
  static String written(org.pf4j.PluginDependency dependency) {
    String range = dependency.getPluginVersionSupport();
    return dependency.getPluginId() + (dependency.isOptional() ? "?" : "")
        + (range == null || range.isBlank() || range.equals("*") ? "" : "@" + range);
  }
}
