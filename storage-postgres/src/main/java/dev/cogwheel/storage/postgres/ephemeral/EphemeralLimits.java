package dev.cogwheel.storage.postgres.ephemeral;

import dev.cogwheel.storage.StorageInvalidException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The limits {@link dev.cogwheel.storage.ephemeral.EphemeralStore} promises, shared by every store.
 */
final class EphemeralLimits {

  static final int MAX_KEY_LENGTH = 200;
  static final int MAX_VALUE_BYTES = 64 * 1024;
  static final Duration MIN_TTL = Duration.ofMillis(1);
  static final Duration MAX_TTL = Duration.ofDays(30);

  private static final int KEY_SHOWN_CHARS = 40;
  private static final String KEY_RULE =
      "allowed: 1 to " + MAX_KEY_LENGTH + " characters without control characters.";

  private EphemeralLimits() {}

  static String checkKey(String pluginId, String key) {
    if (key == null) {
      throw invalid("Ephemeral key of plugin '" + pluginId + "' is null; " + KEY_RULE);
    }
    if (key.isEmpty()) {
      throw invalid("Ephemeral key of plugin '" + pluginId + "' is empty; " + KEY_RULE);
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw invalid("Ephemeral key " + describeKey(key) + " of plugin '" + pluginId + "' is "
          + key.length() + " characters long; " + KEY_RULE);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        throw invalid("Ephemeral key " + describeKey(key) + " of plugin '" + pluginId
            + "' contains the control character " + String.format("U+%04X", (int) c) + " at index "
            + i + "; " + KEY_RULE);
      }
    }
    return key;
  }

  static String checkValue(String pluginId, String key, String value) {
    if (value == null) {
      throw invalid("Ephemeral value for key " + describeKey(key) + " of plugin '" + pluginId
          + "' is null; allowed: a string of at most " + MAX_VALUE_BYTES + " bytes (64 KiB) in"
          + " UTF-8. Use delete to remove a key.");
    }
    // A char is 1 to 3 UTF-8 bytes, so most values are decided without encoding them.
    if (value.length() > MAX_VALUE_BYTES
        || (value.length() * 3L > MAX_VALUE_BYTES && utf8Length(value) > MAX_VALUE_BYTES)) {
      throw invalid("Ephemeral value for key " + describeKey(key) + " of plugin '" + pluginId
          + "' is " + utf8Length(value) + " bytes in UTF-8; allowed: at most " + MAX_VALUE_BYTES
          + " bytes (64 KiB). Keep large or lasting data in the state or table stores.");
    }
    return value;
  }

  static Duration checkTtl(String pluginId, String key, Duration ttl) {
    if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw invalid("Ephemeral TTL for key " + describeKey(key) + " of plugin '" + pluginId
          + "' is " + ttl + "; allowed: 1 ms (PT0.001S) to 30 days (PT720H).");
    }
    return ttl;
  }

  static void checkWrite(String pluginId, String key, String value, Duration ttl) {
    checkKey(pluginId, key);
    checkValue(pluginId, key, value);
    checkTtl(pluginId, key, ttl);
  }

  /** The key quoted for a message: cut to a readable length, control characters escaped. */
  static String describeKey(String key) {
    if (key == null) {
      return "null";
    }
    StringBuilder shown = new StringBuilder("\"");
    int end = Math.min(key.length(), KEY_SHOWN_CHARS);
    for (int i = 0; i < end; i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        shown.append(String.format("\\u%04x", (int) c));
      } else {
        shown.append(c);
      }
    }
    if (key.length() > KEY_SHOWN_CHARS) {
      shown.append("...");
    }
    return shown.append('"').toString();
  }

  private static int utf8Length(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }

  private static StorageInvalidException invalid(String message) {
    return new StorageInvalidException(message);
  }
}
