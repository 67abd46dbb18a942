package dev.cogwheel.plugins.moderation;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.config.ConfigType;
import java.time.Duration;

/**
 * Durations as moderators type them: the {@code duration} option read and checked against a limit,
 * and a duration written back the same way.
 */
final class DurationText {

  private DurationText() {
  }

  /**
   * Reads and checks the duration option: a number and a unit (10m, 2h, 7d) up to a limit.
   *
   * @throws CommandException naming what was typed, if it is not a duration, not positive or over the limit
   */
  static Duration read(CommandContext call, Duration max, String limitName) {
    String text = call.string("duration").trim();
    Duration parsed;
    try {
      parsed = ConfigType.DURATION.decode(text);
    } catch (StorageInvalidException e) {
      throw new CommandException("Duration '" + text + "' is not valid: give a number and a unit, like 30s, 10m, 2h or 7d.");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new CommandException("Duration '" + text + "' must be longer than zero, like 10m, 2h or 7d.");
    }
    if (parsed.compareTo(max) > 0) {
      throw new CommandException("Duration '" + text + "' is longer than " + limitName + " of " + describe(max) + ".");
    }
    return parsed;
  }

  /** A duration as people write it: 7d, 2h, 90m, 45s (the largest unit that divides it). */
  static String describe(Duration d) {
    long seconds = d.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
