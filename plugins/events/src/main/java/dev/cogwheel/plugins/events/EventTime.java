package dev.cogwheel.plugins.events;

import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.config.ConfigType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The {@code time} option of {@code /event create}: when an event starts, as members type it. */
final class EventTime {

  /** The furthest ahead an event may start. */
  static final Duration MAX_AHEAD = Duration.ofDays(366);

  private EventTime() {
  }

  /**
   * Reads an event time: {@code in 2h} (or {@code 2h}, {@code 30m}, {@code 3d}), an ISO date-time
   * with an offset ({@code 2026-12-24T18:00+01:00}), or one without, read in the guild's zone
   * ({@code 2026-12-24T18:00} or {@code 2026-12-24 18:00}).
   *
   * @throws CommandException saying what to type, if it is none of these, or if it is more than
   *     {@link #MAX_AHEAD} ahead
   */
  static Instant parse(String typed, ZoneId zone, Instant now) {
    Instant starts = read(typed, zone, now);
    if (starts.isAfter(now.plus(MAX_AHEAD))) {
      throw new CommandException("Time '" + typed.trim() + "' is more than a year ahead: an event can be planned at most "
          + MAX_AHEAD.toDays() + " days in advance.");
    }
    return starts;
  }

  private static Instant read(String typed, ZoneId zone, Instant now) {
    String text = typed.trim();
    String relative = text.toLowerCase(Locale.ROOT).startsWith("in ") ? text.substring(3).trim() : text;
    if (relative.matches("\\d{1,9}\\s*[smhd]")) {
      try {
        return now.plus(ConfigType.DURATION.decode(relative.replace(" ", "")));
      } catch (StorageInvalidException e) {
        throw badTime(typed, zone);
      }
    }
    String iso = text.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) +", "$1T");
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        return LocalDateTime.parse(iso).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw badTime(typed, zone);
      }
    }
  }

  private static CommandException badTime(String typed, ZoneId zone) {
    return new CommandException("Time '" + typed.trim() + "' is not valid: give 'in 2h' (s, m, h or d), or a date and time like"
        + " 2026-12-24 18:00 (read in this server's time zone, " + zone.getId() + ") or 2026-12-24T18:00+01:00.");
  }
}
