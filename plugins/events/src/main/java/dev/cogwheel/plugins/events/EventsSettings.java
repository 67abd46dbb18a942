package dev.cogwheel.plugins.events;

import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.config.ConfigType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/** The cog's settings: their keys with defaults and rules, and their values in a guild. */
final class EventsSettings {

  /** The time zone a date and time without an offset is read in. */
  private static final ConfigKey<String> TIME_ZONE = ConfigKey.builder("time_zone", ConfigType.STRING)
      .defaultValue("UTC")
      .description("Time zone for /event create times without an offset (e.g. Europe/Berlin)")
      .rule(new ConfigRule<>(EventsSettings::isZone, "a time zone id such as UTC or Europe/Berlin"))
      .build();

  /** How long before the start attendees are reminded. */
  private static final ConfigKey<Duration> REMINDER_BEFORE = ConfigKey.builder("reminder_before", ConfigType.DURATION)
      .defaultValue(Duration.ofMinutes(30))
      .description("How long before an event its attendees are reminded")
      .rule(new ConfigRule<>(d -> d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(7)) <= 0,
          "between 1 minute and 7 days"))
      .build();

  /** Whether members who answered "maybe" are reminded too. */
  private static final ConfigKey<Boolean> REMIND_MAYBE = ConfigKey.builder("remind_maybe", ConfigType.BOOLEAN)
      .defaultValue(false)
      .description("Also remind members who answered maybe")
      .build();

  private final ConfigStore config;

  EventsSettings(ConfigStore config) {
    this.config = config;
  }

  /** Registers the keys, so that {@code /events config} knows and checks them. */
  void register() {
    config.register(TIME_ZONE, REMINDER_BEFORE, REMIND_MAYBE);
  }

  ZoneId timeZone(long guildId) {
    return ZoneId.of(config.get(TIME_ZONE, ConfigScope.guild(guildId)).trim());
  }

  Duration reminderBefore(long guildId) {
    return config.get(REMINDER_BEFORE, ConfigScope.guild(guildId));
  }

  boolean remindMaybe(long guildId) {
    return config.get(REMIND_MAYBE, ConfigScope.guild(guildId));
  }

  private static boolean isZone(String id) {
    try {
      ZoneId.of(id.trim());
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
