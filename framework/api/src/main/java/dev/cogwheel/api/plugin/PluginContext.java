package dev.cogwheel.api.plugin;

import dev.cogwheel.api.command.CommandRegistry;
import dev.cogwheel.api.event.EventBus;
import dev.cogwheel.api.scheduler.Scheduler;
import dev.cogwheel.storage.PidDeriver;
import dev.cogwheel.storage.service.StorageService;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.Logger;

/**
 * What the host gives a started cog. Everything registered through it is owned by the plugin and
 * released when the plugin stops.
 *
 * <p>Thread-safe; valid from {@link Cog#start(PluginContext)} until the plugin stops. After that,
 * registrations are refused with {@link IllegalStateException}.
 */
public interface PluginContext {

  /**
   * The plugin's id, as in its descriptor.
   *
   * @return the id, for example {@code xp}
   */
  String pluginId();

  /**
   * The plugin's version, as in its descriptor.
   *
   * @return the version, for example {@code 1.2.0}
   */
  String version();

  /**
   * The plugin's storage, scoped to its id.
   *
   * @return the storage service
   */
  StorageService storage();

  /**
   * The plugin's logger, named {@code cog.<plugin id>}. Never log raw Discord IDs, tokens or message
   * contents: the host redacts them, but a cog should not rely on it.
   *
   * @return the logger
   */
  Logger logger();

  /**
   * The plugin's scheduler: delayed and repeated tasks on the plugin's own threads, cancelled when
   * the plugin stops.
   *
   * @return the scheduler
   */
  Scheduler scheduler();

  /**
   * The operator's settings for this plugin, from the instance configuration.
   *
   * @return the settings
   */
  PluginSettings settings();

  /**
   * Where the plugin declares its slash commands.
   *
   * @return the plugin's command registry
   */
  CommandRegistry commands();

  /**
   * Where the plugin subscribes to events (JDA's, and the host's own).
   *
   * @return the plugin's event bus
   */
  EventBus events();

  /**
   * Derives privacy-safe ids: store a {@link dev.cogwheel.storage.Pid} instead of a Discord user id.
   *
   * @return the instance's Pid deriver
   */
  PidDeriver pids();

  /**
   * The bot's connection to Discord in this process, for work that does not start from an
   * interaction or an event (a timer that unbans, a reminder): completes with the shards once every
   * shard of the process is ready, and never completes in a host without Discord (the testkit
   * without a local Discord). Inside command and event handlers, use the JDA objects they carry.
   *
   * <pre>{@code
   * ShardManager shards = context.discord().get(1, TimeUnit.MINUTES);
   * Guild guild = shards.getGuildById(guildId);
   * }</pre>
   *
   * @return a future of the shards; completing or cancelling it has no effect on the host
   */
  CompletableFuture<ShardManager> discord();

  /**
   * Where the plugin reports stored data it cannot use, instead of failing: see {@link Quarantine}.
   *
   * @return the plugin's quarantine
   */
  Quarantine quarantine();
}
