package dev.cogwheel.plugins.moderation;

import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.config.ConfigType;
import java.time.Duration;

/** The cog's settings: their keys with defaults and rules, and their values in a guild. */
final class ModerationSettings {

  /** The channel where every action is logged; 0 for none. */
  private static final ConfigKey<Long> LOG_CHANNEL = ConfigKey.builder("log_channel", ConfigType.LONG)
      .defaultValue(0L)
      .description("Channel for the moderation log (a #channel); 0 for none")
      .rule(id -> id >= 0, "a channel id, or 0 for none")
      .build();

  /** Whether the member gets a direct message telling them what was done and why. */
  private static final ConfigKey<Boolean> DM_MEMBERS = ConfigKey.builder("dm_members", ConfigType.BOOLEAN)
      .defaultValue(true)
      .description("Send the member a direct message with the action and the reason")
      .build();

  /** The longest tempban a moderator may give. */
  static final ConfigKey<Duration> MAX_TEMPBAN = ConfigKey.builder("max_tempban", ConfigType.DURATION)
      .defaultValue(Duration.ofDays(365))
      .description("The longest /tempban allowed")
      .rule(new ConfigRule<>(d -> d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(3650)) <= 0,
          "between 1 minute and 3650 days"))
      .build();

  private final ConfigStore config;

  ModerationSettings(ConfigStore config) {
    this.config = config;
  }

  /** Registers the keys, so that {@code /moderation config} knows and checks them. */
  void register() {
    config.register(LOG_CHANNEL, DM_MEMBERS, MAX_TEMPBAN);
  }

  long logChannel(long guildId) {
    return config.get(LOG_CHANNEL, ConfigScope.guild(guildId));
  }

  boolean dmMembers(long guildId) {
    return config.get(DM_MEMBERS, ConfigScope.guild(guildId));
  }

  Duration maxTempban(long guildId) {
    return config.get(MAX_TEMPBAN, ConfigScope.guild(guildId));
  }
}
