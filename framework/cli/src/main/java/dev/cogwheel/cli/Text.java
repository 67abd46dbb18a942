package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SourceState;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How the CLI writes values for a reader at a terminal. */
final class Text {

  /** Timestamps in history and elsewhere: UTC, to the second. */
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_.:/@%+=,-]+");
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Text() {}

  static String state(SourceState state) {
    return switch (state) {
      case UP_TO_DATE -> "up to date";
      case PENDING -> "pending";
      case WAITING_APPROVAL -> "waiting for approval";
      case BLOCKED -> "BLOCKED";
    };
  }

  static String changeClass(ChangeClass changeClass) {
    return changeClass.name().toLowerCase(Locale.ROOT);
  }

  /** {@code 0}, or {@code 3 (2 additive, 1 destructive)}. */
  static String pendingByClass(List<PendingChangeset> pending) {
    if (pending.isEmpty()) {
      return "0";
    }
    Map<ChangeClass, Long> counts = new EnumMap<>(ChangeClass.class);
    pending.forEach(p -> counts.merge(p.changeClass(), 1L, Long::sum));
    return pending.size() + " (" + counts.entrySet().stream()
        .map(e -> e.getValue() + " " + changeClass(e.getKey()))
        .collect(Collectors.joining(", ")) + ")";
  }

  /** The command that approves a changeset, with the reference quoted for a POSIX shell if it needs it. */
  static String approveCommand(PendingChangeset pending) {
    return "cogwheel db approve " + shellQuote(pending.ref());
  }

  static String shellQuote(String word) {
    return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** {@code 0 B}, {@code 912 B}, {@code 12.3 KiB}, {@code 8.0 MiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** {@code 0.8 ms}, {@code 12 ms}, {@code 1.2 s}. */
  static String duration(Duration duration) {
    double millis = duration.toNanos() / 1_000_000.0;
    if (millis < 10) {
      return String.format(Locale.ROOT, "%.1f ms", millis);
    }
    if (millis < 1000) {
      return String.format(Locale.ROOT, "%.0f ms", millis);
    }
    return String.format(Locale.ROOT, "%.1f s", millis / 1000);
  }

  /** {@code 1,234,567}. */
  static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }
}
