package dev.cogwheel.cli.logging;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Removes what must never reach a log line from a text: database and Redis URLs, {@code password=}
 * style pairs, Discord bot tokens and {@code Bot}/{@code Bearer} authorization values, webhook and
 * interaction tokens, message contents in raw Discord payloads ({@code "content":"..."}), every value
 * registered with {@link #registerSecret(String)}, and raw Discord IDs (17 to 20 digit numbers),
 * which become a tag such as {@code <id:3fa9c2d1>}: an HMAC of the ID under a key drawn at random when
 * the process starts, so lines about one user can be told apart within a run and the ID cannot be
 * recovered from them.
 *
 * <p>The log encoders ({@link RedactingEncoder}, {@link JsonEncoder}) pass every text they write
 * through {@link #redact(String)}; nothing else needs to call it. Each pattern is compiled once and
 * only runs when a cheap look at the text says it could match (no {@code ://}, no URL; no run of 17
 * digits, no ID).
 *
 * <p>Thread-safe.
 */
public final class Redactor {

  /** Secrets shorter than this are not registered: they would blank out ordinary words. */
  public static final int MIN_SECRET_LENGTH = 4;

  /** JDBC URLs of any driver, URLs of databases and queues, and any URL with a user or password. */
  private static final String URL_REST = "[^\\s\"'<>`]*[^\\s\"'<>`,;.)\\]]";
  private static final Pattern URL = Pattern.compile(
      "(?i)\\bjdbc:[a-z0-9]+:" + URL_REST
          + "|\\b(?:postgres(?:ql)?|rediss?|mysql|mariadb|mongodb(?:\\+srv)?|amqps?)://" + URL_REST
          + "|\\b[a-z][a-z0-9+.-]*://[^\\s/@\"'<>`]+@" + URL_REST);
  /** The token in a webhook or interaction route: {@code webhooks/<id>/<token>}. */
  private static final Pattern ROUTE_TOKEN =
      Pattern.compile("\\b(webhooks|interactions)/([^/\\s]+)/[A-Za-z0-9_.-]{20,}");
  private static final Pattern AUTHORIZATION = Pattern.compile("\\b(Bot|[Bb]earer)\\s+[A-Za-z0-9_.~+/=-]{16,}");
  /** Discord's bot token: the base64 user ID, a timestamp, an HMAC. */
  /** The panel's operator tokens ({@code cwp_}) and Discord sessions ({@code cws_}), wherever they appear. */
  private static final Pattern PANEL_TOKEN = Pattern.compile("\\bcw[ps]_[A-Za-z0-9_-]{20,}");
  private static final Pattern DISCORD_TOKEN =
      Pattern.compile("(?<![\\w-])[A-Za-z\\d]{23,28}\\.[\\w-]{6,7}\\.[\\w-]{27,38}(?![\\w-])");
  private static final Pattern SECRET_PAIR = Pattern.compile(
      "(?i)(password|passwd|pwd|secret|token|api[_-]?key)([\"']?\\s*[=:]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s&;,'\"}\\]]+)");
  /**
   * What people wrote, inside a Discord payload JDA logs: message contents, the values of command
   * options and modal fields, embed titles and descriptions.
   */
  private static final Pattern CONTENT =
      Pattern.compile("\"(content|value|description|title)\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern SNOWFLAKE = Pattern.compile("(?<!\\d)\\d{17,20}(?!\\d)");

  private static final byte[] ID_KEY = randomKey();
  private static final ThreadLocal<Mac> ID_MAC = ThreadLocal.withInitial(() -> {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(ID_KEY, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  });

  /** Longest first, so a secret that contains another is replaced whole. */
  private static volatile List<String> secrets = List.of();

  private Redactor() {}

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /**
   * Registers a value that must never appear in a log line, whatever its format: the Discord token,
   * the database password, the Pid secret, the Redis URL, an operator's API key. Its URL-encoded
   * form is registered with it. The host registers its secret settings at startup; registering the
   * same value twice is harmless.
   *
   * @param secret the value
   * @return false when the value is shorter than {@value #MIN_SECRET_LENGTH} characters and so is
   *     not registered (patterns still catch it inside URLs and {@code password=} pairs)
   */
  public static boolean registerSecret(String secret) {
    Objects.requireNonNull(secret, "secret");
    String trimmed = secret.trim();
    if (trimmed.length() < MIN_SECRET_LENGTH) {
      return false;
    }
    synchronized (Redactor.class) {
      List<String> updated = new ArrayList<>(secrets);
      for (String form : List.of(trimmed, URLEncoder.encode(trimmed, StandardCharsets.UTF_8))) {
        if (!updated.contains(form)) {
          updated.add(form);
        }
      }
      updated.sort(Comparator.comparingInt(String::length).reversed());
      secrets = List.copyOf(updated);
    }
    return true;
  }

  /**
   * Redacts a text.
   *
   * @param text a log message, field value or formatted line; may be null
   * @return the text with every sensitive part replaced; null for null
   */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    if (result.contains("://") || result.contains("jdbc:") || result.contains("JDBC:")) {
      result = URL.matcher(result).replaceAll("<redacted:url>");
    }
    if (result.contains("webhooks/") || result.contains("interactions/")) {
      result = ROUTE_TOKEN.matcher(result).replaceAll("$1/$2/<redacted:token>");
    }
    if (result.contains("Bot ") || result.contains("earer ")) {
      result = AUTHORIZATION.matcher(result).replaceAll("$1 <redacted:token>");
    }
    if (result.indexOf('.') >= 0) {
      result = DISCORD_TOKEN.matcher(result).replaceAll("<redacted:token>");
    }
    if (result.contains("cwp_") || result.contains("cws_")) {
      result = PANEL_TOKEN.matcher(result).replaceAll("<redacted:token>");
    }
    if (result.indexOf('=') >= 0 || result.indexOf(':') >= 0) {
      result = SECRET_PAIR.matcher(result).replaceAll("$1$2<redacted:password>");
    }
    if (result.contains("\"content\"") || result.contains("\"value\"") || result.contains("\"description\"")
        || result.contains("\"title\"")) {
      result = CONTENT.matcher(result).replaceAll("\"$1\":\"<redacted:content>\"");
    }
    for (String secret : secrets) {
      if (result.contains(secret)) {
        result = result.replace(secret, "<redacted:secret>");
      }
    }
    if (hasDigitRun(result, 17)) {
      result = SNOWFLAKE.matcher(result).replaceAll(match -> tag(match.group()));
    }
    return result;
  }

  /**
   * The tag a Discord ID is replaced with in this process.
   *
   * @param id a Discord ID
   * @return {@code <id:xxxxxxxx>}, the same for the same ID until the process ends
   */
  public static String tag(long id) {
    return tag(Long.toUnsignedString(id));
  }

  private static String tag(String digits) {
    byte[] hash = ID_MAC.get().doFinal(digits.getBytes(StandardCharsets.US_ASCII));
    return "<id:" + HexFormat.of().formatHex(hash, 0, 4) + ">";
  }

  private static boolean hasDigitRun(String text, int length) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++run >= length) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }
}
