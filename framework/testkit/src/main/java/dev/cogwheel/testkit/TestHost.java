package dev.cogwheel.testkit;

import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.runtime.Host;
import dev.cogwheel.runtime.command.CommandDispatcher;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.service.StorageService;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A running host with the plugin under test, for one test class: invoke its commands, publish events
 * to it, read and write its storage, reload it, restart it. Thread-safe, but {@link #restart()}
 * must not overlap other calls.
 */
public final class TestHost {

  /** The guild commands run in unless a call says otherwise. */
  public static final long GUILD = 1_000_000_000_000_000_001L;

  /** The channel commands run in unless a call says otherwise. */
  public static final long CHANNEL = 1_000_000_000_000_000_002L;

  /** The user who runs commands unless a call says otherwise. */
  public static final long USER = 1_000_000_000_000_000_003L;

  private final String pluginId;
  private final LocalDiscord discord;
  private final Supplier<Host> starter;
  private volatile Host running;

  TestHost(String pluginId, LocalDiscord discord, Supplier<Host> starter) {
    this.pluginId = pluginId;
    this.discord = discord;
    this.starter = starter;
    this.running = starter.get();
  }

  /**
   * The local Discord the bot is logged in to: its users type commands and send messages there,
   * and tests read the bot's answers and actions from it.
   *
   * @return the local Discord
   * @throws IllegalStateException unless the extension was made {@link CogwheelExtension#withLocalDiscord()}
   */
  public LocalDiscord discord() {
    if (discord == null) {
      throw new IllegalStateException("This host has no local Discord: register the extension with"
          + " CogwheelExtension.forThisModule().withLocalDiscord().");
    }
    return discord;
  }

  /**
   * Stops the host as a shutdown of the bot's process would (commands drained, plugins stopped,
   * the bot disconnected, the storage pool closed) and starts it again on the same schema: the
   * plugins start fresh, and with a local Discord the bot logs in again. What the plugin stored
   * survives; what it kept in memory or in in-process ephemeral storage does not.
   */
  public void restart() {
    running.close();
    running = starter.get();
  }

  /**
   * Restarts the host as {@link #restart()} does, running {@code whileDown} after the host has
   * stopped and before it starts again: there a test changes the world the bot will find (with a
   * local Discord, users leave voice channels or a channel is deleted while no bot is logged in).
   *
   * @param whileDown what happens while the bot is down; the host starts again even if it throws
   */
  public void restart(Runnable whileDown) {
    running.close();
    try {
      whileDown.run();
    } finally {
      running = starter.get();
    }
  }

  void stop() {
    running.close();
  }

  /**
   * The plugin under test.
   *
   * @return its state; STARTED unless a test stopped it
   */
  public PluginStatus plugin() {
    return status(running.plugins().find(pluginId).orElseThrow());
  }

  /**
   * The storage of the plugin under test: the same data the plugin reads and writes.
   *
   * @return its storage service
   */
  public StorageService storage() {
    return running.storage().forPlugin(pluginId);
  }

  /**
   * The storage of another plugin of the host.
   *
   * @param pluginId the plugin
   * @return its storage service
   */
  public StorageService storage(String pluginId) {
    return running.storage().forPlugin(pluginId);
  }

  /**
   * The Pid the host derives for a member, as a handler's {@code caller()} would be.
   *
   * @param guildId the guild
   * @param userId the user
   * @return the Pid
   */
  public Pid pid(long guildId, long userId) {
    return running.storage().pids().member(guildId, userId);
  }

  /**
   * Starts a slash command invocation.
   *
   * @param name the command name, without the slash
   * @return the call; add options, then {@link CommandCall#run()}
   */
  public CommandCall command(String name) {
    return new CommandCall(running.plugins(), name);
  }

  /**
   * The slash commands the plugin under test registered, as it declared them: for generating
   * invocations ({@link CommandArbitraries}) or checking the declarations.
   *
   * @return the commands, in registration order
   */
  public List<SlashCommand> commands() {
    return running.plugins().commands().commands().stream()
        .filter(registered -> registered.pluginId().equals(pluginId))
        .map(CommandDispatcher.RegisteredCommand::command)
        .toList();
  }

  /**
   * Publishes an event to every plugin that subscribed to its type and waits until they handled it.
   *
   * @param event the event
   * @throws AssertionError if the handlers did not finish within a minute
   */
  public void publish(Object event) {
    try {
      running.plugins().events().publish(event).get(1, TimeUnit.MINUTES);
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
  public PluginStatus reload() {
    return status(running.plugins().reload(pluginId));
  }

  private static PluginStatus status(PluginInfo info) {
    return new PluginStatus(info.id(), info.version(), PluginState.valueOf(info.state().name()), info.reason(),
        info.quarantined());
  }
}
