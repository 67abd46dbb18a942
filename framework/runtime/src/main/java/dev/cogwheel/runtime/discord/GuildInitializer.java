package dev.cogwheel.runtime.discord;

import dev.cogwheel.api.event.GuildInitializedEvent;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.runtime.plugin.PluginState;
import dev.cogwheel.storage.config.ConfigEntry;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.spi.StorageBackend;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialises a guild the first time the bot sees it (seed 003, "a new guild initialised with
 * defaults on join"): records it in the host's state, writes every started plugin's config defaults
 * at guild scope where the guild has no value yet (so the panel shows the guild's values, and the
 * guild keeps them when a plugin later changes its defaults), and publishes
 * {@link GuildInitializedEvent} for cogs that set up rows of their own. Idempotent.
 */
final class GuildInitializer {

  private static final Logger log = LoggerFactory.getLogger(GuildInitializer.class);
  static final String GUILD_KEY = "guilds/%d";

  private final CogwheelPluginManager manager;
  private final StorageBackend backend;

  GuildInitializer(CogwheelPluginManager manager, StorageBackend backend) {
    this.manager = manager;
    this.backend = backend;
  }

  /**
   * Initialises a guild unless it was already.
   *
   * @param guildId the guild
   * @return whether it was initialised now
   */
  boolean initialise(long guildId) {
    String key = GUILD_KEY.formatted(guildId);
    if (backend.hostState().find(key).isPresent()) {
      return false;
    }
    int written = 0;
    for (PluginInfo plugin : manager.list()) {
      if (plugin.state() == PluginState.STARTED) {
        written += writeDefaults(backend.forPlugin(plugin.id()).config(), guildId);
      }
    }
    if (backend.hostState().compareAndSet(key, 0L, "{\"initialisedAt\":\"" + Instant.now() + "\"}").isEmpty()) {
      return false;
    }
    log.info("guild.initialised defaults={}", written);
    manager.events().publish(new GuildInitializedEvent(guildId));
    return true;
  }

  private static int writeDefaults(ConfigStore config, long guildId) {
    ConfigScope scope = ConfigScope.guild(guildId);
    Set<String> present = config.list(scope).stream().map(ConfigEntry::key).collect(Collectors.toSet());
    int written = 0;
    for (ConfigKey<?> key : config.keys()) {
      if (!present.contains(key.name())) {
        written += write(config, key, scope);
      }
    }
    return written;
  }

  private static <T> int write(ConfigStore config, ConfigKey<T> key, ConfigScope scope) {
    if (key.defaultValue() == null) {
      return 0;
    }
    config.set(key, scope, key.defaultValue());
    return 1;
  }
}
