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
import dev.cogwheel.storage.StorageService;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * registered. {@link #release()} drops all of it, so that the class loader can be collected.
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
  private final DefaultPluginContext context;
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
    this.context = new DefaultPluginContext(id, version, host, logger, scheduler, commands, events, this::checkLive);
  }

  private ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(classLoader);
      return thread;
    };
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
    callOnPluginThread("start", () -> {
      cog.start(host.membrane().expose(PluginContext.class, context));
      return null;
    });
  }

  /** Calls the cog's stop on one of its threads; a failure is logged. */
  void stopQuietly() {
    if (cog == null) {
      return;
    }
    try {
      callOnPluginThread("stop", () -> {
        cog.stop();
        return null;
      });
    } catch (PluginLoadException e) {
      log.warn("plugin.stop_failed plugin={} version={}: {}", id, version, e.getMessage());
    }
  }

  private void callOnPluginThread(String what, Callable<Void> body) {
    Future<Void> future;
    try {
      future = workers.submit(body);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new PluginLoadException(what + " was refused: the plugin is stopping", e);
    }
    try {
      future.get(host.handlerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new PluginLoadException(what + " did not return within " + host.handlerTimeout().toSeconds() + " s and was interrupted", e);
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
   * releases its storage registrations and closes its class loader.
   *
   * @param storageRelease releases what the plugin registered in the storage backend
   * @return the plugin's threads that did not end within a second (a handler that ignores interrupts)
   */
  List<String> release(Runnable storageRelease) {
    released = true;
    commands.clear();
    events.clear();
    scheduler.shutdown();
    workers.shutdownNow();
    storageRelease.run();
    List<String> stuck = new ArrayList<>();
    try {
      if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
        stuck.add("cog-" + id + "-worker-*");
      }
      if (!scheduler.awaitTermination(Duration.ofSeconds(1))) {
        stuck.add("cog-" + id + "-scheduler-*");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cog = null;
    try {
      classLoader.close();
    } catch (IOException e) {
      log.warn("plugin.classloader_close_failed plugin={}: {}", id, e.getMessage());
    }
    return stuck;
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
