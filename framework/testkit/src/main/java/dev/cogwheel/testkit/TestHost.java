package dev.cogwheel.testkit;

import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageBackend;
import dev.cogwheel.storage.StorageService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running host with the plugin under test, for one test class: invoke its commands, publish events
 * to it, read and write its storage, reload it. Thread-safe.
 */
public final class TestHost {

  /** The guild commands run in unless a call says otherwise. */
  public static final long GUILD = 1_000_000_000_000_000_001L;

  /** The channel commands run in unless a call says otherwise. */
  public static final long CHANNEL = 1_000_000_000_000_000_002L;

  /** The user who runs commands unless a call says otherwise. */
  public static final long USER = 1_000_000_000_000_000_003L;

  private final String pluginId;
  private final StorageBackend backend;
  private final CogwheelPluginManager manager;

  TestHost(String pluginId, StorageBackend backend, CogwheelPluginManager manager) {
    this.pluginId = pluginId;
    this.backend = backend;
    this.manager = manager;
  }

  /**
   * The plugin under test.
   *
   * @return its state; STARTED unless a test stopped it
   */
  public PluginInfo plugin() {
    return manager.find(pluginId).orElseThrow();
  }

  /**
   * The storage of the plugin under test: the same data the plugin reads and writes.
   *
   * @return its storage service
   */
  public StorageService storage() {
    return backend.forPlugin(pluginId);
  }

  /**
   * The storage of another plugin of the host.
   *
   * @param pluginId the plugin
   * @return its storage service
   */
  public StorageService storage(String pluginId) {
    return backend.forPlugin(pluginId);
  }

  /**
   * The Pid the host derives for a member, as a handler's {@code caller()} would be.
   *
   * @param guildId the guild
   * @param userId the user
   * @return the Pid
   */
  public Pid pid(long guildId, long userId) {
    return backend.pids().member(guildId, userId);
  }

  /**
   * Starts a slash command invocation.
   *
   * @param name the command name, without the slash
   * @return the call; add options, then {@link CommandCall#run()}
   */
  public CommandCall command(String name) {
    return new CommandCall(manager, name);
  }

  /**
   * Publishes an event to every plugin that subscribed to its type and waits until they handled it.
   *
   * @param event the event
   * @throws AssertionError if the handlers did not finish within a minute
   */
  public void publish(Object event) {
    try {
      manager.events().publish(event).get(1, TimeUnit.MINUTES);
    } catch (TimeoutException | ExecutionException e) {
      throw new AssertionError("the handlers of " + event.getClass().getSimpleName() + " did not finish: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while publishing", e);
    }
  }

  /**
   * Reloads the plugin under test from its built classes, as {@code /plugins reload} does.
   *
   * @return its state afterwards
   */
  public PluginInfo reload() {
    return manager.reload(pluginId);
  }

  /**
   * The host's plugin manager, for what this class does not offer.
   *
   * @return the manager
   */
  public CogwheelPluginManager manager() {
    return manager;
  }
}
