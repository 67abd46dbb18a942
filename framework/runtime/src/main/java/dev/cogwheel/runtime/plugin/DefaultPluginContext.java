package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.command.CommandRegistry;
import dev.cogwheel.api.event.EventBus;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.api.plugin.PluginSettings;
import dev.cogwheel.api.plugin.Quarantine;
import dev.cogwheel.api.scheduler.Scheduler;
import dev.cogwheel.storage.PidDeriver;
import dev.cogwheel.storage.service.StorageService;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.Logger;

/**
 * What a cog's {@code start} receives: one loaded version's view of the host. Everything registered
 * through it belongs to that version and is dropped when it is released. Thread-safe.
 */
final class DefaultPluginContext implements PluginContext {

  private final String pluginId;
  private final String version;
  private final LoadedPlugin.HostServices host;
  private final Logger logger;
  private final Scheduler scheduler;
  private final PluginCommands commands;
  private final PluginEvents events;
  private final Quarantine quarantine;
  private final Runnable checkLive;

  DefaultPluginContext(String pluginId, String version, LoadedPlugin.HostServices host, Logger logger, Scheduler scheduler,
      PluginCommands commands, PluginEvents events, Quarantine quarantine, Runnable checkLive) {
    this.pluginId = pluginId;
    this.version = version;
    this.host = host;
    this.logger = logger;
    this.scheduler = scheduler;
    this.commands = commands;
    this.events = events;
    this.quarantine = quarantine;
    this.checkLive = checkLive;
  }

  @Override
  public String pluginId() {
    return pluginId;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public StorageService storage() {
    return host.storage();
  }

  @Override
  public Logger logger() {
    return logger;
  }

  @Override
  public Scheduler scheduler() {
    checkLive.run();
    return scheduler;
  }

  @Override
  public PluginSettings settings() {
    return host.settings();
  }

  @Override
  public PidDeriver pids() {
    return host.pids();
  }

  @Override
  public CompletableFuture<ShardManager> discord() {
    return host.discord().copy();
  }

  @Override
  public CommandRegistry commands() {
    return commands;
  }

  @Override
  public EventBus events() {
    return events;
  }

  @Override
  public Quarantine quarantine() {
    return quarantine;
  }

  @Override
  public String toString() {
    return pluginId + "@" + version;
  }
}
