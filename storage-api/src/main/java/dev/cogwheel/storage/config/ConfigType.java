package dev.cogwheel.storage.config;

import dev.cogwheel.storage.StorageInvalidException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How values of a setting are written as text and read back. The text form is what is stored and what
 * an admin types in a command or the panel.
 *
 * @param name the type's name as shown to admins ({@code integer}, {@code duration}, ...)
 * @param javaType the Java type of values
 * @param encoder turns a value into its text form
 * @param decoder parses the text form; throws {@link IllegalArgumentException} on bad text
 * @param <T> the value type
 */
public record ConfigType<T>(
    String name, Class<T> javaType, Function<T, String> encoder, Function<String, T> decoder) {

  /** Any text. */
  public static final ConfigType<String> STRING =
      new ConfigType<>("string", String.class, Function.identity(), Function.identity());

  /** {@code true} or {@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}). */
  public static final ConfigType<Boolean> BOOLEAN =
      new ConfigType<>("boolean", Boolean.class, String::valueOf, ConfigType::parseBoolean);

  /** A 32-bit integer. */
  public static final ConfigType<Integer> INTEGER =
      new ConfigType<>("integer", Integer.class, String::valueOf, s -> Integer.valueOf(s.trim()));

  /** A 64-bit integer, also used for Discord channel and role ids. */
  public static final ConfigType<Long> LONG =
      new ConfigType<>("long", Long.class, String::valueOf, s -> Long.valueOf(s.trim()));

  /** A finite decimal number. */
  public static final ConfigType<Double> DOUBLE =
      new ConfigType<>("double", Double.class, String::valueOf, ConfigType::parseFinite);

  /** A duration in ISO-8601 form ({@code PT30S}, {@code PT5M}) or as {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  public static final ConfigType<Duration> DURATION =
      new ConfigType<>("duration", Duration.class, Duration::toString, ConfigType::parseDuration);

  /** A list of 64-bit integers (for example ignored channel ids), written comma-separated. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final ConfigType<List<Long>> LONG_LIST =
      new ConfigType<List<Long>>(
          "long-list",
          (Class) List.class,
          list -> list.stream().map(String::valueOf).collect(Collectors.joining(",")),
          ConfigType::parseLongList);

  /** Checks the components. */
  public ConfigType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(javaType, "javaType");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
  }

  /**
   * A type whose values are the constants of an enum, written as their names (case-insensitive on
   * input).
   *
   * @param enumType the enum
   * @param <E> the enum type
   * @return the type
   */
  public static <E extends Enum<E>> ConfigType<E> ofEnum(Class<E> enumType) {
    Objects.requireNonNull(enumType, "enumType");
    return new ConfigType<>(
        "enum " + enumType.getSimpleName(),
        enumType,
        Enum::name,
        s -> {
          for (E constant : enumType.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(s.trim())) {
              return constant;
            }
          }
          throw new IllegalArgumentException(
              "expected one of " + Arrays.toString(enumType.getEnumConstants()));
        });
  }

  /**
   * Writes a value in its text form.
   *
   * @param value the value
   * @return the text form
   */
  public String encode(T value) {
    return encoder.apply(Objects.requireNonNull(value, "value"));
  }

  /**
   * Reads a value from its text form.
   *
   * @param text the text form
   * @return the value
   * @throws StorageInvalidException if the text is not a value of this type; the message names the
   *     type and the text
   */
  public T decode(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return decoder.apply(text);
    } catch (RuntimeException e) {
      String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      throw new StorageInvalidException(
          "'" + abbreviate(text) + "' is not a valid " + name + detail + ".", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private static Boolean parseBoolean(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "on": return Boolean.TRUE;
      case "false": case "no": case "off": return Boolean.FALSE;
      default: throw new IllegalArgumentException("expected true or false");
    }
  }

  private static Double parseFinite(String text) {
    double value = Double.parseDouble(text.trim());
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("expected a finite number");
    }
    return value;
  }

  private static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expected ISO-8601 like PT5M, or 30s, 5m, 2h, 1d", e);
      }
    }
    if (t.length() < 2) {
      throw new IllegalArgumentException("expected ISO-8601 like PT5M, or 30s, 5m, 2h, 1d");
    }
    long amount = Long.parseLong(t.substring(0, t.length() - 1));
    switch (t.charAt(t.length() - 1)) {
      case 's': return Duration.ofSeconds(amount);
      case 'm': return Duration.ofMinutes(amount);
      case 'h': return Duration.ofHours(amount);
      case 'd': return Duration.ofDays(amount);
      default: throw new IllegalArgumentException("expected a unit of s, m, h or d");
    }
  }

  private static List<Long> parseLongList(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::trim).map(Long::valueOf).collect(Collectors.toUnmodifiableList());
  }
}
