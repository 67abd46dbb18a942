package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.event.EventHandler;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.api.plugin.PluginSettings;
import dev.cogwheel.runtime.command.CommandRoutes;
import dev.cogwheel.runtime.scheduler.PluginScheduler;
import dev.cogwheel.runtime.work.PluginVersion;
import dev.cogwheel.storage.PidDeriver;
import dev.cogwheel.storage.service.StorageService;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a plugin: its class loader, its cog, its threads and everything it
 * registered. {@link #release(Runnable)} drops all of it, so that the class loader can be collected.
 */
final class LoadedPlugin implements PluginVersion {

  private static final Logger log = LoggerFactory.getLogger(LoadedPlugin.class);

  /** What the host gives every loaded plugin. */
  record HostServices(StorageService storage, PidDeriver pids, PluginSettings settings, CommandRoutes routes,
      Duration handlerTimeout, int handlerThreads, CompletableFuture<ShardManager> discord, Membrane membrane) {}

  private final String id;
  private final String version;
  private final SandboxClassLoader classLoader;
  private final HostServices host;
  private final Logger logger;
  private final ThreadPoolExecutor workers;
  private final PluginScheduler scheduler;
  private final PluginCommands commands;
  private final PluginEvents events;
  private final PluginQuarantine quarantine;
  private final DefaultPluginContext context;
  /** The threads the host made for this version (handlers, scheduler), for telling them apart from others. */
  private final Set<Thread> created = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private volatile Cog cog;
  private volatile boolean released;

  LoadedPlugin(String id, String version, SandboxClassLoader classLoader, HostServices host) {
    this.id = id;
    this.version = version;
    this.classLoader = classLoader;
    this.host = host;
    this.logger = LoggerFactory.getLogger("cog." + id);
    this.workers = new ThreadPoolExecutor(host.handlerThreads(), host.handlerThreads(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threads("cog-" + id + "-worker-"));
    this.workers.allowCoreThreadTimeOut(true);
    this.scheduler = new PluginScheduler(id, threads("cog-" + id + "-scheduler-"), workers, logger);
    this.commands = new PluginCommands(id, host.routes(), this::checkLive);
    this.events = new PluginEvents(this::checkLive);
    this.quarantine = new PluginQuarantine(id, logger);
    this.context = new DefaultPluginContext(id, version, host, logger, scheduler, commands, events, quarantine,
        this::checkLive);
  }

  private ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      // Threads the plugin starts from this one inherit its context class loader, which the load-time
      // check forbids it to change: that is how they are recognised as the plugin's after stop.
      thread.setContextClassLoader(classLoader);
      created.add(thread);
      return thread;
    };
  }

  /** @return what this version reported it cannot use */
  PluginQuarantine quarantine() {
    return quarantine;
  }

  /**
   * Creates the cog from the descriptor's plugin class.
   *
   * @param className the {@code plugin.class}
   * @throws PluginLoadException if the class is missing, is not a {@link Cog}, or cannot be created
   */
  void instantiate(String className) {
    if (className == null || className.isBlank()) {
      throw new PluginLoadException("its descriptor has no plugin.class (Plugin-Class in a manifest): name the class that"
          + " implements " + Cog.class.getName());
    }
    Class<?> type;
    try {
      type = classLoader.loadClass(className.trim());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new PluginLoadException("its plugin class " + className + " cannot be loaded: " + e, e);
    }
    if (!Cog.class.isAssignableFrom(type)) {
      throw new PluginLoadException("its plugin class " + className + " does not implement " + Cog.class.getName());
    }
    try {
      cog = (Cog) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new PluginLoadException("its plugin class " + className + " cannot be created (it needs a public no-argument"
          + " constructor): " + cause, cause);
    }
  }

  /**
   * Calls the cog's start on one of its threads.
   *
   * @throws PluginLoadException if start threw or did not return within the handler timeout
   */
  void start() {
    try {
      callOnPluginThread("start", host.handlerTimeout(), () -> {
        cog.start(host.membrane().expose(PluginContext.class, context));
        return null;
      });
    } catch (TimeoutException e) {
      throw new PluginLoadException(e.getMessage(), e);
    }
  }

  /**
   * Calls the cog's stop on one of its threads; a failure is logged.
   *
   * @param timeout how long stop may run before it is interrupted
   * @return false if stop did not return within the timeout
   */
  boolean stop(Duration timeout) {
    if (cog == null) {
      return true;
    }
    try {
      callOnPluginThread("stop", timeout, () -> {
        cog.stop();
        return null;
      });
      return true;
    } catch (TimeoutException e) {
      log.warn("plugin.stop_timeout plugin={} version={}: {}", id, version, e.getMessage());
      return false;
    } catch (PluginLoadException e) {
      log.warn("plugin.stop_failed plugin={} version={}: {}", id, version, e.getMessage());
      return true;
    }
  }

  /** Runs start or stop on a handler thread; one that does not return in time is interrupted and reported. */
  private void callOnPluginThread(String what, Duration timeout, Callable<Void> body) throws TimeoutException {
    Future<Void> future;
    try {
      future = workers.submit(body);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new PluginLoadException(what + " was refused: the plugin is stopping", e);
    }
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TimeoutException(what + " did not return within " + timeout.toSeconds() + " s and was interrupted");
    } catch (ExecutionException e) {
      throw new PluginLoadException(what + " threw " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new PluginLoadException(what + " was interrupted", e);
    }
  }

  /**
   * Runs work on the plugin's handler threads.
   *
   * @param work the work
   * @throws java.util.concurrent.RejectedExecutionException once released
   */
  @Override
  public void execute(Runnable work) {
    workers.execute(work);
  }

  @Override
  public <T> T expose(Class<T> type, T hostObject) {
    return host.membrane().expose(type, hostObject);
  }

  /**
   * The command of this version with the given name.
   *
   * @param name the command name
   * @return the command, if this version registered it
   */
  @Override
  public Optional<SlashCommand> command(String name) {
    return commands.find(name);
  }

  /**
   * The commands of this version.
   *
   * @return the commands
   */
  List<SlashCommand> commandList() {
    return commands.registered();
  }

  /**
   * The handlers of this version for an event.
   *
   * @param event the event
   * @return the handlers whose type the event is an instance of
   */
  @Override
  public List<EventHandler<Object>> handlersFor(Object event) {
    return events.handlersFor(event);
  }

  /**
   * Whether this version subscribed to events like this one.
   *
   * @param event the event
   * @return true when a handler would receive it
   */
  @Override
  public boolean wants(Object event) {
    return events.wants(event);
  }

  /**
   * Drops everything the plugin registered, stops its threads (interrupting work still running),
   * releases its storage registrations and closes its class loader. Every other live thread of this
   * version is interrupted too: one the plugin started (it inherited the plugin's context class loader,
   * or is of a plugin class) or one running the plugin's code right now.
   *
   * @param storageRelease releases what the plugin registered in the storage backend
   * @return the plugin's threads still alive a second after the interrupt (code that ignores interrupts)
   */
  List<Thread> release(Runnable storageRelease) {
    released = true;
    commands.clear();
    events.clear();
    scheduler.shutdown();
    workers.shutdownNow();
    storageRelease.run();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
      scheduler.awaitTermination(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cog = null;
    List<Thread> alive = liveThreads();
    alive.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    try {
      for (Thread thread : alive) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A host thread that was running the plugin's code (a JDA callback) and has left it is not the plugin's.
    List<Thread> survivors = liveThreads().stream().filter(alive::contains).toList();
    try {
      classLoader.close();
    } catch (IOException e) {
      log.warn("plugin.classloader_close_failed plugin={}: {}", id, e.getMessage());
    }
    return survivors;
  }

  /** This version's live threads, other than the caller's. */
  private List<Thread> liveThreads() {
    List<Thread> mine = new ArrayList<>();
    Thread self = Thread.currentThread();
    for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
      Thread thread = entry.getKey();
      if (thread != self && thread.isAlive() && (created.contains(thread) || thread.getContextClassLoader() == classLoader
          || thread.getClass().getClassLoader() == classLoader || runsPluginCode(entry.getValue()))) {
        mine.add(thread);
      }
    }
    return mine;
  }

  private boolean runsPluginCode(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (classLoader.defines(frame.getClassName())) {
        return true;
      }
    }
    return false;
  }

  private void checkLive() {
    if (released) {
      throw new IllegalStateException("Plugin " + id + " has stopped; its context takes no new registrations.");
    }
  }

  ClassLoader classLoader() {
    return classLoader;
  }

  @Override
  public String pluginId() {
    return id;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return id + "@" + version;
  }
}
