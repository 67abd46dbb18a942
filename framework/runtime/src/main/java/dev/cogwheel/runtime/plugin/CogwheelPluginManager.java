package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.plugin.PluginSettings;
import dev.cogwheel.runtime.command.CommandDispatcher;
import dev.cogwheel.runtime.event.EventDispatcher;
import dev.cogwheel.runtime.plugin.check.Finding;
import dev.cogwheel.runtime.plugin.check.LoadCheck;
import dev.cogwheel.runtime.plugin.check.Rule;
import dev.cogwheel.runtime.work.PluginUnavailableException;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginDependency;
import org.pf4j.VersionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin host: finds the plugins of the plugins directory, resolves their dependencies, checks
 * them, applies their migrations, loads each in its own sandboxed class loader and runs its lifecycle
 * (start, stop, unload, load, enable, disable, reload). A failure at any step leaves that plugin
 * FAILED with the reason and every other plugin running.
 *
 * <p>Lifecycle operations are serialised; listing, command and event dispatch are not blocked by
 * them. Thread-safe.
 */
public final class CogwheelPluginManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CogwheelPluginManager.class);

  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9]{0,31}");

  /** How long a cog's stop may run; one that takes longer leaves its plugin FAILED, "did not stop within 10 s". */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** How long after a stop the host looks whether the stopped version's class loader was collected. */
  static final Duration LEAK_CHECK_DELAY = Duration.ofSeconds(30);
  private static final String DISABLED_KEY = "plugins/%s/disabled";

  private final PluginRuntimeSettings settings;
  private final StorageBackend backend;
  private final SdkClassLoader sdk;
  private final Membrane membrane;
  private final PluginDirectory directory = new PluginDirectory();
  private final LoadCheck loadCheck;
  private final boolean checkingCode;
  private final VersionManager versions = new DefaultVersionManager();
  private final Map<String, PluginSlot> slots = new ConcurrentHashMap<>();
  private final ReentrantLock lifecycle = new ReentrantLock();
  private final ScheduledExecutorService timer;
  private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CommandDispatcher commands;
  private final EventDispatcher events;
  private final CompletableFuture<ShardManager> discord = new CompletableFuture<>();
  private final List<io.micrometer.core.instrument.Gauge> stateGauges;
  private final Duration stopTimeout;
  private final Duration leakCheckDelay;
  /**
   * Where lifecycle operations run: a caller that is interrupted (a command's watchdog) stops waiting
   * for the operation, never cuts it short halfway through reading the plugins directory.
   */
  private final ExecutorService lifecycleThread = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "cogwheel-plugin-lifecycle");
    thread.setDaemon(true);
    return thread;
  });
  private final List<io.micrometer.core.instrument.Gauge> quarantineGauges = new java.util.concurrent.CopyOnWriteArrayList<>();
  private List<String> order = List.of();

  /**
   * Creates the host; nothing is loaded until {@link #startAll()}.
   *
   * @param settings how plugins run
   * @param backend the storage backend plugins get their services from
   */
  public CogwheelPluginManager(PluginRuntimeSettings settings, StorageBackend backend) {
    this(settings, backend, STOP_TIMEOUT, LEAK_CHECK_DELAY);
  }

  /** Creates the host with other stop and leak-check times, for tests. */
  CogwheelPluginManager(PluginRuntimeSettings settings, StorageBackend backend, Duration stopTimeout, Duration leakCheckDelay) {
    this(settings, backend, stopTimeout, leakCheckDelay, true);
  }

  /**
   * Creates a host that loads plugins without the load-time check, for the tests of the layers behind
   * it: the JVM's encapsulation must hold even for code the check would refuse. Never used outside tests.
   */
  static CogwheelPluginManager withoutLoadCheck(PluginRuntimeSettings settings, StorageBackend backend) {
    return new CogwheelPluginManager(settings, backend, STOP_TIMEOUT, LEAK_CHECK_DELAY, false);
  }

  private CogwheelPluginManager(PluginRuntimeSettings settings, StorageBackend backend, Duration stopTimeout,
      Duration leakCheckDelay, boolean checkingCode) {
    this.checkingCode = checkingCode;
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    this.leakCheckDelay = Objects.requireNonNull(leakCheckDelay, "leakCheckDelay");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.sdk = new SdkClassLoader(CogwheelPluginManager.class.getClassLoader());
    this.loadCheck = new LoadCheck(sdk);
    this.membrane = new Membrane(sdk);
    ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "cogwheel-plugin-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    // A cancelled timeout must not keep its plugin's classes reachable until it would have fired.
    watchdog.setRemoveOnCancelPolicy(true);
    this.timer = watchdog;
    this.commands = new CommandDispatcher(id -> Optional.ofNullable(slots.get(id)), CogwheelVersion.current(), backend.pids(), timer,
        settings.handlerTimeout(), settings.queueTimeout());
    this.events = new EventDispatcher(this::slotsInOrder, timer, settings.handlerTimeout(), settings.queueTimeout());
    List<io.micrometer.core.instrument.Gauge> gauges = new ArrayList<>(
        PluginMetrics.registerStates(state -> (int) slots.values().stream().filter(s -> s.state == state).count()));
    gauges.addAll(PluginMetrics.registerLeftovers(
        () -> slots.values().stream().flatMap(s -> s.leftovers.stream()).mapToInt(l -> l.liveThreads().size()).sum(),
        () -> (int) slots.values().stream().flatMap(s -> s.leftovers.stream()).filter(l -> l.leaked && !l.collected()).count()));
    this.stateGauges = List.copyOf(gauges);
  }

  /**
   * Where slash command invocations go.
   *
   * @return the command dispatcher
   */
  public CommandDispatcher commands() {
    return commands;
  }

  /**
   * Where events go.
   *
   * @return the event dispatcher
   */
  public EventDispatcher events() {
    return events;
  }

  /**
   * Tells the plugins the bot is connected: completes every plugin's {@code context.discord()}.
   *
   * @param shards this process's shards, every one of them ready
   */
  public void discordReady(ShardManager shards) {
    discord.complete(shards);
  }

  /**
   * Finds every plugin of the plugins directory and starts those that are enabled, dependencies
   * first.
   *
   * @return the plugins, in start order
   */
  public List<PluginInfo> startAll() {
    return changing(() -> {
      rescan(Set.of());
      for (String id : order) {
        PluginSlot slot = slots.get(id);
        if (slot.state == PluginState.UNLOADED) {
          startSlot(slot);
        }
      }
      return list();
    });
  }

  /**
   * Every plugin the host knows, dependencies first.
   *
   * @return their current state
   */
  public List<PluginInfo> list() {
    return slotsInOrder().stream().map(PluginSlot::info).toList();
  }

  /**
   * One plugin.
   *
   * @param id the plugin id
   * @return its state, if the host knows it
   */
  public Optional<PluginInfo> find(String id) {
    return Optional.ofNullable(slots.get(id)).map(PluginSlot::info);
  }

  /**
   * Reloads a plugin from the plugins directory, and the plugins that depend on it: work for them
   * waits while they are down and goes to the new versions.
   *
   * @param id the plugin id
   * @return the plugin's state afterwards
   * @throws IllegalArgumentException if the host knows no plugin of that id
   */
  public PluginInfo reload(String id) {
    return changing(() -> {
      PluginSlot slot = require(id);
      List<PluginSlot> chain = withDependents(slot);
      List<PluginSlot> reverse = new ArrayList<>(chain);
      Collections.reverse(reverse);
      Set<String> notStopped = new HashSet<>();
      for (PluginSlot s : reverse) {
        if (s.loaded != null) {
          s.state = PluginState.RELOADING;
          if (!stopSlot(s, true)) {
            notStopped.add(s.id);
          }
        }
      }
      // A plugin that did not stop stays FAILED with that reason: it is not started again over its old threads.
      rescan(chain.stream().map(s -> s.id).filter(i -> !notStopped.contains(i)).collect(Collectors.toSet()));
      for (PluginSlot s : chain) {
        PluginSlot current = slots.get(s.id);
        Optional<String> stuckDependency = current == null ? Optional.empty()
            : current.candidate.descriptor().getDependencies().stream().map(PluginDependency::getPluginId)
                .filter(notStopped::contains).findFirst();
        if (current != null && stuckDependency.isPresent() && !notStopped.contains(current.id)) {
          current.state = PluginState.FAILED;
          current.startFailed = true;
          current.reason = "it depends on plugin " + stuckDependency.get() + ", which " + slots.get(stuckDependency.get()).reason;
          current.gate.close("plugin " + current.id + " is FAILED: " + current.reason);
        } else if (current != null && current.state != PluginState.FAILED && current.state != PluginState.DISABLED) {
          startSlot(current);
        } else if (current != null) {
          current.gate.close("plugin " + current.id + " is " + current.state + (current.reason.isEmpty() ? "" : ": " + current.reason));
        }
      }
      return info(id);
    });
  }

  /**
   * Stops and unloads a plugin and the plugins that depend on it.
   *
   * @param id the plugin id
   * @return the plugin's state afterwards
   */
  public PluginInfo unload(String id) {
    return changing(() -> {
      List<PluginSlot> chain = new ArrayList<>(withDependents(require(id)));
      Collections.reverse(chain);
      for (PluginSlot s : chain) {
        if (s.loaded != null && stopSlot(s, false)) {
          s.state = PluginState.UNLOADED;
          s.reason = s.id.equals(id) ? "" : "unloaded with " + id + ", which it depends on";
        }
      }
      return info(id);
    });
  }

  /**
   * Loads and starts a plugin that is unloaded or failed, reading the plugins directory again.
   *
   * @param id the plugin id
   * @return the plugin's state afterwards
   */
  public PluginInfo load(String id) {
    return changing(() -> {
      rescan(Set.of(id));
      PluginSlot slot = require(id);
      if (slot.state == PluginState.UNLOADED) {
        startSlot(slot);
      }
      return info(id);
    });
  }

  /**
   * Disables a plugin: stops it (and what depends on it) and keeps it off across restarts.
   *
   * @param id the plugin id
   * @return the plugin's state afterwards
   */
  public PluginInfo disable(String id) {
    return changing(() -> {
      require(id);
      backend.hostState().put(DISABLED_KEY.formatted(id), "true");
      unload(id);
      rescan(Set.of());
      return info(id);
    });
  }

  /**
   * Enables a disabled plugin and starts it (and the plugins that depend on it and are not disabled).
   *
   * @param id the plugin id
   * @return the plugin's state afterwards
   */
  public PluginInfo enable(String id) {
    return changing(() -> {
      require(id);
      backend.hostState().delete(DISABLED_KEY.formatted(id));
      rescan(withDependents(require(id)).stream().map(s -> s.id).collect(Collectors.toSet()));
      for (PluginSlot s : withDependents(require(id))) {
        if (s.state == PluginState.UNLOADED) {
          startSlot(s);
        }
      }
      return info(id);
    });
  }

  /** Stops every plugin, dependents first, and the host's own threads. */
  @Override
  public void close() {
    lifecycle.lock();
    try {
      List<PluginSlot> reverse = new ArrayList<>(slotsInOrder());
      Collections.reverse(reverse);
      for (PluginSlot slot : reverse) {
        if (slot.loaded != null) {
          stopSlot(slot, false);
          slot.state = PluginState.UNLOADED;
        }
      }
      timer.shutdownNow();
      lifecycleThread.shutdownNow();
      commands.close();
      PluginMetrics.remove(stateGauges);
      PluginMetrics.remove(quarantineGauges);
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Calls a listener after every lifecycle operation (start, reload, unload, load, enable, disable),
   * for example to sync the commands with Discord. A listener that throws is logged.
   *
   * @param listener what to run; it runs on the thread that made the change, after the change
   */
  public void onChange(Runnable listener) {
    changeListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private <T> T changing(java.util.function.Supplier<T> operation) {
    if (lifecycle.isHeldByCurrentThread()) {
      return operation.get();
    }
    Future<T> running = lifecycleThread.submit(() -> {
      lifecycle.lock();
      try {
        return operation.get();
      } finally {
        lifecycle.unlock();
      }
    });
    T result = awaitUninterruptibly(running);
    for (Runnable listener : changeListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("plugin.change_listener_failed: {}", e.toString(), e);
      }
    }
    return result;
  }

  /** The operation's result; an interrupt of the caller is kept for after it, and never reaches the operation. */
  private static <T> T awaitUninterruptibly(Future<T> running) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return running.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private PluginInfo info(String id) {
    return require(id).info();
  }

  private PluginSlot require(String id) {
    PluginSlot slot = slots.get(id);
    if (slot == null) {
      throw new IllegalArgumentException("There is no plugin " + id + " in " + settings.pluginsDirectory()
          + "; the plugins are: " + (slots.isEmpty() ? "none" : String.join(", ", new TreeMap<>(slots).keySet())) + ".");
    }
    return slot;
  }

  private List<PluginSlot> slotsInOrder() {
    List<PluginSlot> inOrder = new ArrayList<>();
    for (String id : order) {
      PluginSlot slot = slots.get(id);
      if (slot != null) {
        inOrder.add(slot);
      }
    }
    return inOrder;
  }

  /** The plugin and every plugin that depends on it, directly or not, in start order. */
  private List<PluginSlot> withDependents(PluginSlot root) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(root.id);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (PluginSlot slot : slots.values()) {
        if (!ids.contains(slot.id) && slot.candidate.descriptor().getDependencies().stream()
            .anyMatch(d -> ids.contains(d.getPluginId()))) {
          grew |= ids.add(slot.id);
        }
      }
    }
    return slotsInOrder().stream().filter(s -> ids.contains(s.id)).toList();
  }

  /**
   * Reads the plugins directory again: new plugins appear, changed descriptors are taken for plugins
   * that are not running, and every plugin that is not running is resolved again (ids, versions,
   * dependencies, cycles, disabled state).
   */
  /**
   * Reads the plugins directory again. A plugin whose start failed stays FAILED with its reason
   * unless it is among {@code retry} (the plugins an operator asked to load, reload or enable).
   */
  private void rescan(Set<String> retry) {
    PluginDirectory.Scan scan = directory.scan(settings.pluginsDirectory());
    scan.problems().forEach(problem -> log.warn("plugin.skipped {}", problem));
    Map<String, PluginDirectory.Candidate> found = new LinkedHashMap<>();
    scan.plugins().forEach(c -> found.put(c.id(), c));
    for (Path development : settings.developmentPlugins()) {
      try {
        PluginDirectory.Candidate candidate = directory.read(development);
        if (found.containsKey(candidate.id())) {
          log.warn("plugin.skipped {} is also in {}; the development directory {} wins", candidate.id(),
              settings.pluginsDirectory(), development);
        }
        found.put(candidate.id(), candidate);
      } catch (IllegalArgumentException e) {
        log.warn("plugin.skipped {}", e.getMessage());
      }
    }
    for (PluginSlot slot : slots.values()) {
      if (!found.containsKey(slot.id) && slot.loaded == null) {
        Path file = slot.candidate.file();
        if (Files.notExists(file)) {
          slot.state = PluginState.FAILED;
          slot.reason = "its jar or directory is no longer in " + settings.pluginsDirectory();
          slot.gate.close("plugin " + slot.id + " is FAILED: " + slot.reason);
        } else if (retry.contains(slot.id)) {
          // Still there but not readable now: only a plugin an operator asked for learns why; the others keep their state.
          slot.state = PluginState.FAILED;
          slot.reason = scan.problems().stream().filter(p -> p.contains(file.toString())).findFirst()
              .orElse("its jar or directory " + file + " could not be read");
          slot.gate.close("plugin " + slot.id + " is FAILED: " + slot.reason);
        }
      }
    }
    found.forEach((id, candidate) -> {
      PluginSlot slot = slots.computeIfAbsent(id, k -> withQuarantineGauge(new PluginSlot(k, candidate)));
      if (slot.loaded == null) {
        slot.candidate = candidate;
        if (slot.state != PluginState.RELOADING && (!slot.startFailed || retry.contains(id))) {
          slot.startFailed = false;
          slot.state = PluginState.UNLOADED;
          slot.reason = "";
        }
      }
    });
    Map<String, String> problems = new HashMap<>();
    order = resolve(problems);
    for (String id : order) {
      PluginSlot slot = slots.get(id);
      if (slot.loaded != null) {
        continue;
      }
      if (problems.containsKey(id)) {
        slot.state = PluginState.FAILED;
        slot.reason = problems.get(id);
      } else if (isDisabled(id)) {
        slot.state = PluginState.DISABLED;
        slot.reason = "disabled by an operator; enable it with /plugins enable " + id;
      }
    }
  }

  private boolean isDisabled(String id) {
    return PLUGIN_ID.matcher(id).matches() && !id.equals("cogwheel")
        && backend.hostState().find(DISABLED_KEY.formatted(id)).isPresent();
  }

  /**
   * Orders every known plugin, dependencies first, and records why a plugin cannot start: a bad id, a
   * Cogwheel version it does not support, a missing or unsuitable dependency, a dependency cycle, or a
   * dependency that cannot start itself.
   */
  private List<String> resolve(Map<String, String> problems) {
    Map<String, PluginSlot> byId = new TreeMap<>(slots);
    for (PluginSlot slot : byId.values()) {
      String problem = ownProblem(slot, byId);
      if (problem != null) {
        problems.put(slot.id, problem);
      }
    }
    DependencyOrder order = DependencyOrder.of(byId.values().stream()
        .collect(Collectors.toMap(slot -> slot.id, slot -> slot.candidate.descriptor())));
    order.cycles().forEach(problems::put);
    List<String> ordered = order.ordered();
    for (String id : ordered) {
      if (problems.containsKey(id)) {
        continue;
      }
      for (PluginDependency dependency : byId.get(id).candidate.descriptor().getDependencies()) {
        PluginSlot dep = byId.get(dependency.getPluginId());
        if (dep == null) {
          continue;
        }
        if (problems.containsKey(dep.id)) {
          problems.put(id, "it depends on plugin " + dep.id + ", which cannot start: " + problems.get(dep.id));
          break;
        }
        if (dep.loaded == null && isDisabled(dep.id)) {
          problems.put(id, "it depends on plugin " + dep.id + ", which is disabled; enable " + dep.id + " first");
          break;
        }
      }
    }
    return ordered;
  }

  private String ownProblem(PluginSlot slot, Map<String, PluginSlot> byId) {
    CogwheelDescriptor descriptor = slot.candidate.descriptor();
    if (!PLUGIN_ID.matcher(slot.id).matches() || slot.id.equals("cogwheel")) {
      return "its id '" + slot.id + "' is not allowed: use 1 to 32 lower-case letters and digits, starting with a letter"
          + " (and not 'cogwheel'), because its tables are named <id>_<name>";
    }
    String requires = descriptor.getRequires();
    if (requires != null && !requires.isBlank() && !requires.trim().equals("*")) {
      try {
        if (!versions.checkVersionConstraint(settings.systemVersion(), requires.trim())) {
          return "it requires Cogwheel " + requires.trim() + ", and this is Cogwheel " + settings.systemVersion();
        }
      } catch (RuntimeException e) {
        return "its plugin.requires '" + requires + "' is not a version range (" + e.getMessage() + ")";
      }
    }
    for (PluginDependency dependency : descriptor.getDependencies()) {
      PluginSlot dep = byId.get(dependency.getPluginId());
      String range = dependency.getPluginVersionSupport();
      if (dep == null) {
        if (!dependency.isOptional()) {
          return "it needs plugin " + PluginSlot.written(dependency) + ", which is not in " + settings.pluginsDirectory();
        }
        continue;
      }
      String version = dep.candidate.descriptor().getVersion();
      if (range != null && !range.isBlank() && !range.equals("*")) {
        boolean fits;
        try {
          fits = versions.checkVersionConstraint(version, range);
        } catch (RuntimeException e) {
          return "its dependency " + PluginSlot.written(dependency) + " has a version range that cannot be read (" + e.getMessage() + ")";
        }
        if (!fits) {
          return "it needs plugin " + dep.id + " " + range + ", and " + dep.id + " is version " + version;
        }
      }
    }
    return null;
  }

  /** Checks, migrates, loads and starts one plugin; on failure it is FAILED with the reason. */
  private void startSlot(PluginSlot slot) {
    PluginDirectory.Candidate candidate = slot.candidate;
    String version = candidate.descriptor().getVersion();
    List<String> warnings = new ArrayList<>();
    LoadedPlugin loaded = null;
    try {
      checkCode(candidate, warnings);
      migrate(candidate, warnings);
      SandboxClassLoader loader = new SandboxClassLoader(candidate.descriptor(), sdk,
          dep -> Optional.ofNullable(slots.get(dep)).map(s -> s.loaded).map(LoadedPlugin::classLoader));
      candidate.classpath().forEach(p -> loader.addFile(p.toFile()));
      loaded = new LoadedPlugin(slot.id, version, loader, hostServices(slot.id));
      loaded.instantiate(candidate.descriptor().getPluginClass());
      loaded.start();
      commands.retain(slot.id, loaded.commandList().stream().map(c -> c.name()).toList());
      slot.loaded = loaded;
      slot.startFailed = false;
      slot.state = PluginState.STARTED;
      slot.reason = String.join("; ", warnings);
      slot.gate.open(loaded);
      log.info("plugin.started plugin={} version={}{}", slot.id, version, warnings.isEmpty() ? "" : " (" + slot.reason + ")");
    } catch (PluginLoadException | StorageException e) {
      fail(slot, loaded, e.getMessage(), e);
    } catch (RuntimeException | LinkageError e) {
      fail(slot, loaded, e.toString(), e);
    }
  }

  private void fail(PluginSlot slot, LoadedPlugin loaded, String reason, Throwable cause) {
    if (loaded != null) {
      release(slot, loaded);
    }
    // Its command names stay routed: users get "unavailable" rather than "no such command" until it is fixed.
    slot.state = PluginState.FAILED;
    slot.startFailed = true;
    slot.reason = reason;
    slot.gate.close("plugin " + slot.id + " is FAILED: " + reason);
    log.error("plugin.failed plugin={} version={}: {}", slot.id, slot.candidate.descriptor().getVersion(), reason,
        cause instanceof PluginLoadException && cause.getCause() == null ? null : cause);
  }

  /**
   * The load-time check: refuses a plugin whose code does what plugins may not, naming class, member
   * and rule. Direct database access alone is accepted for a plugin the operator approved, with a warning.
   */
  private void checkCode(PluginDirectory.Candidate candidate, List<String> warnings) {
    if (!checkingCode) {
      return;
    }
    List<ClassLoader> dependencies = candidate.descriptor().getDependencies().stream()
        .map(d -> slots.get(d.getPluginId())).filter(Objects::nonNull).map(s -> s.loaded).filter(Objects::nonNull)
        .map(LoadedPlugin::classLoader).toList();
    List<Finding> findings = loadCheck.check(candidate.classpath(), dependencies);
    if (findings.isEmpty()) {
      return;
    }
    boolean approved = settings.databaseAccess().contains(candidate.id());
    List<Finding> refused = findings.stream().filter(f -> !(approved && f.rule() == Rule.DATABASE)).toList();
    if (refused.isEmpty()) {
      String warning = "approved for direct database access (" + shown(findings) + ")";
      log.warn("plugin.database_access_approved plugin={}: {}", candidate.id(), warning);
      warnings.add(warning);
      return;
    }
    String instead = refused.stream().map(Finding::rule).distinct().map(r -> r.title() + ": " + r.instead())
        .collect(Collectors.joining("; "));
    boolean database = refused.stream().anyMatch(f -> f.rule() == Rule.DATABASE);
    throw new PluginLoadException("the load-time check refuses its code: " + shown(refused) + ". Instead, " + instead
        + (database ? ". If the operator accepts this plugin's direct database access, add " + candidate.id()
            + " to plugins.database-access in the configuration" : "")
        + " (see docs/security.md)");
  }

  private static String shown(List<Finding> findings) {
    return findings.stream().limit(5).map(Object::toString).collect(Collectors.joining("; "))
        + (findings.size() > 5 ? "; and " + (findings.size() - 5) + " more" : "");
  }

  private void migrate(PluginDirectory.Candidate candidate, List<String> warnings) {
    String id = candidate.id();
    UpgradeResult result;
    try {
      backend.migrations().register(candidate.migrationSource());
      result = backend.migrations().upgrade(id, settings.backupBeforeMigrations());
    } catch (StorageException e) {
      throw new PluginLoadException("its migrations could not run: " + e.getMessage(), e);
    }
    SourceStatus status = result.sources().stream().filter(s -> s.source().equals(id)).findFirst()
        .orElseThrow(() -> new PluginLoadException("the migration engine reported nothing for it"));
    switch (status.state()) {
      case UP_TO_DATE -> { }
      case WAITING_APPROVAL -> {
        String waiting = status.pending().size() + " changeset(s) wait for approval (see cogwheel db plan; approve with"
            + " cogwheel db approve <changeset>)";
        if (status.applied() == 0) {
          throw new PluginLoadException("it cannot start before its first schema exists: " + waiting);
        }
        log.warn("plugin.migrations_waiting plugin={}: {}; it runs on its previous schema", id, waiting);
        warnings.add("runs on its previous schema: " + waiting);
      }
      default -> throw new PluginLoadException("its migrations are " + status.state() + ": "
          + (status.problem().isEmpty() ? "see cogwheel db plan" : status.problem()));
    }
  }

  private LoadedPlugin.HostServices hostServices(String id) {
    Map<String, String> own = settings.pluginSettings().getOrDefault(id, Map.of());
    PluginSettings pluginSettings = new PluginSettings() {
      @Override
      public Optional<String> find(String name) {
        return Optional.ofNullable(own.get(name));
      }

      @Override
      public Map<String, String> asMap() {
        return own;
      }
    };
    return new LoadedPlugin.HostServices(backend.forPlugin(id), backend.pids(), pluginSettings, commands,
        settings.handlerTimeout(), settings.handlerThreads(), discord, membrane);
  }

  /**
   * Stops a running plugin: hold or close its gate, drain, stop the cog, release everything. A cog whose
   * stop does not return within {@link #STOP_TIMEOUT} is interrupted, released all the same, and its
   * plugin left FAILED saying so.
   *
   * @return false if the cog did not stop in time
   */
  private boolean stopSlot(PluginSlot slot, boolean forReload) {
    LoadedPlugin loaded = slot.loaded;
    if (forReload) {
      slot.gate.hold();
    } else {
      slot.gate.close("plugin " + slot.id + " is stopped");
    }
    try {
      if (!slot.gate.drain(settings.drainTimeout())) {
        log.warn("plugin.drain_timeout plugin={}: work still running after {} s is interrupted", slot.id,
            settings.drainTimeout().toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean stopped = loaded.stop(stopTimeout);
    List<Thread> alive = release(slot, loaded);
    if (!forReload) {
      commands.retain(slot.id, List.of());
    }
    if (!stopped) {
      slot.state = PluginState.FAILED;
      slot.startFailed = true;
      slot.reason = "did not stop within " + stopTimeout.toSeconds() + " s: its stop() was interrupted"
          + (alive.isEmpty() ? "" : " and " + alive.size() + " of its threads are still running ("
              + String.join(", ", alive.stream().map(Thread::getName).toList()) + ")")
          + "; load it again with /plugins load " + slot.id + ", or restart the bot to be rid of its threads";
      slot.gate.close("plugin " + slot.id + " is FAILED: " + slot.reason);
      log.error("plugin.stop_timeout plugin={} version={}: {}", slot.id, loaded.version(), slot.reason);
      return false;
    }
    log.info("plugin.stopped plugin={} version={}", slot.id, loaded.version());
    return true;
  }

  /** Releases a loaded version, interrupts its threads, and keeps watch on what it leaves behind. */
  private List<Thread> release(PluginSlot slot, LoadedPlugin loaded) {
    List<Thread> alive = loaded.release(() -> backend.release(slot.id));
    slot.loaded = null;
    PluginSlot.Leftover leftover = new PluginSlot.Leftover(loaded.version(), loaded.classLoader(), alive, java.time.Instant.now());
    slot.leftovers.add(leftover);
    if (!alive.isEmpty()) {
      PluginMetrics.threadsAlive(slot.id, alive.size());
      log.warn("plugin.threads_alive_after_stop plugin={} version={}: {} ignored the interrupt and still run; they keep the"
          + " version's class loader alive", slot.id, loaded.version(), alive.stream().map(Thread::getName).toList());
    }
    try {
      timer.schedule(() -> checkLeak(slot, leftover), leakCheckDelay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The host is closing: nothing is left to report to.
    }
    return alive;
  }

  /**
   * Looks whether a stopped version's class loader was collected; if not after a full collection, it
   * is reported as leaked (log, metrics, {@code /plugins info}).
   */
  private void checkLeak(PluginSlot slot, PluginSlot.Leftover leftover) {
    if (!leftover.collected()) {
      // Run only for a loader still there a while after its stop: an ordinary stop never gets here twice.
      System.gc();
    }
    if (leftover.collected()) {
      if (leftover.liveThreads().isEmpty()) {
        slot.leftovers.remove(leftover);
      }
      return;
    }
    leftover.leaked = true;
    List<String> threads = leftover.liveThreads().stream().map(Thread::getName).toList();
    log.warn("plugin.classloader_leaked plugin={} version={}: its class loader was not collected {} s after it stopped{}",
        slot.id, leftover.version, leakCheckDelay.toSeconds(),
        threads.isEmpty() ? "; something still refers to it" : "; its threads " + threads + " keep it");
  }

  Collection<PluginSlot> slotsForTests() {
    return slots.values();
  }

  private PluginSlot withQuarantineGauge(PluginSlot slot) {
    quarantineGauges.add(PluginMetrics.registerQuarantined(slot.id, () -> {
      LoadedPlugin running = slot.loaded;
      return running == null ? 0 : running.quarantine().count();
    }));
    return slot;
  }
}
