package dev.cogwheel.storage.spi;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an operator's settings (text by name) into typed values, the same way for the host and for
 * every storage backend: one syntax per type, one range check, one error message per mistake. Every
 * error names the setting, the value as written and what is allowed; a secret setting's value is
 * never put in a message.
 *
 * <p>Immutable and thread-safe.
 */
public final class SettingsBinder {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  private final Function<String, Optional<String>> source;
  private final Function<String, ? extends RuntimeException> error;

  /**
   * Creates a binder.
   *
   * @param source a setting's value by name, trimmed, empty when not set
   * @param error the exception to throw for a message, such as the caller's configuration exception
   */
  public SettingsBinder(
      Function<String, Optional<String>> source, Function<String, ? extends RuntimeException> error) {
    this.source = Objects.requireNonNull(source, "source");
    this.error = Objects.requireNonNull(error, "error");
  }

  /**
   * A setting's text.
   *
   * @param name the setting
   * @return its value, trimmed; empty when not set or blank
   */
  public Optional<String> text(String name) {
    return source.apply(name).map(String::trim).filter(value -> !value.isEmpty());
  }

  /**
   * A whole number in a range.
   *
   * @param name the setting
   * @param fallback the value when not set
   * @param min the least allowed value
   * @param max the greatest allowed value
   * @return the value
   * @throws RuntimeException the binder's error when the text is not a whole number in the range
   */
  public int integer(String name, int fallback, int min, int max) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the allowed range
    }
    throw error.apply(
        name + " is '" + text.get() + "'; use a whole number from " + min + " to " + max + ".");
  }

  /**
   * A duration in a range, written {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d} or
   * ISO-8601 ({@code PT0.5S}).
   *
   * @param name the setting
   * @param fallback the value when not set
   * @param min the shortest allowed value
   * @param max the longest allowed value
   * @return the value
   * @throws RuntimeException the binder's error when the text is not a duration in the range
   */
  public Duration duration(String name, Duration fallback, Duration min, Duration max) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return fallback;
    }
    Duration value =
        parseDuration(text.get())
            .orElseThrow(
                () ->
                    error.apply(
                        name + " is '" + text.get()
                            + "'; use a duration like 500ms, 10s, 2m, 1h or PT0.5S."));
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw error.apply(
          name + " is " + text.get() + "; use a duration from " + describe(min) + " to "
              + describe(max) + ".");
    }
    return value;
  }

  /**
   * {@code true} or {@code false}, in any case.
   *
   * @param name the setting
   * @param fallback the value when not set
   * @return the value
   * @throws RuntimeException the binder's error for any other text
   */
  public boolean bool(String name, boolean fallback) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return fallback;
    }
    return switch (text.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error.apply(name + " is '" + text.get() + "'; use true or false.");
    };
  }

  /**
   * A file system path.
   *
   * @param name the setting
   * @return the path; empty when not set
   * @throws RuntimeException the binder's error when the text is not a valid path
   */
  public Optional<Path> path(String name) {
    return text(name).map(text -> toPath(name, text));
  }

  /**
   * A comma-separated list of paths.
   *
   * @param name the setting
   * @return the paths in the order given; empty when not set
   * @throws RuntimeException the binder's error naming the first entry that is not a valid path
   */
  public List<Path> paths(String name) {
    List<Path> paths = new ArrayList<>();
    for (String entry : list(name)) {
      paths.add(toPath(name, entry));
    }
    return List.copyOf(paths);
  }

  /**
   * A comma-separated list; blank entries are skipped.
   *
   * @param name the setting
   * @return the trimmed entries in the order given; empty when not set
   */
  public List<String> list(String name) {
    List<String> entries = new ArrayList<>();
    for (String entry : text(name).orElse("").split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return List.copyOf(entries);
  }

  /**
   * One of a few words, in any case.
   *
   * @param name the setting
   * @param fallback the value when not set
   * @param type the enum whose constants are the allowed words, lower-cased
   * @param <E> the enum
   * @return the constant
   * @throws RuntimeException the binder's error naming the allowed words
   */
  public <E extends Enum<E>> E choice(String name, E fallback, Class<E> type) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.get())) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name().toLowerCase(Locale.ROOT));
    }
    String last = allowed.remove(allowed.size() - 1);
    String words = allowed.isEmpty() ? last : String.join(", ", allowed) + " or " + last;
    throw error.apply(name + " is '" + text.get() + "'; use " + words + ".");
  }

  /**
   * Builds the error for a setting whose rule is the caller's own.
   *
   * @param message what is wrong and what to do
   * @return the binder's exception, to throw
   */
  public RuntimeException error(String message) {
    return error.apply(message);
  }

  /**
   * Reads a duration as settings write them.
   *
   * @param text {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601
   * @return the duration; empty when the text is neither, or negative
   */
  public static Optional<Duration> parseDuration(String text) {
    String trimmed = text.trim();
    Matcher shortForm = SHORT_DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      return Optional.of(
          switch (shortForm.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          });
    }
    try {
      Duration parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      return parsed.isNegative() ? Optional.empty() : Optional.of(parsed);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Path toPath(String name, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw error.apply(name + " is '" + text + "', which is not a valid path.");
    }
  }

  private static String describe(Duration duration) {
    if (duration.toMillis() < 1_000) {
      return duration.toMillis() + " ms";
    }
    if (duration.toSeconds() < 60 && duration.toSeconds() * 1_000 == duration.toMillis()) {
      return duration.toSeconds() + " s";
    }
    if (duration.toMinutes() < 60 && duration.toMinutes() * 60 == duration.toSeconds()) {
      return duration.toMinutes() + " min";
    }
    if (duration.toHours() < 24 && duration.toHours() * 60 == duration.toMinutes()) {
      return duration.toHours() + " h";
    }
    return duration.toString();
  }
}
