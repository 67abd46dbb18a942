package dev.cogwheel.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A privacy-safe identifier for a Discord user, used wherever a plugin stores data about a person.
 *
 * <p>A Pid is HMAC-SHA256 of a guild id and a user id under the instance's secret, written as 64
 * lower-case hex digits. It is stable for one instance (the same member always gets the same Pid) and
 * cannot be turned back into a Discord id without the secret. Member-level data uses the Pid of
 * (guild, user); data about a user across guilds uses the Pid of (0, user). Pids are derived by the
 * host ({@link PidDeriver}); a plugin never computes them itself.
 *
 * @param value the 64 hex digits
 */
public record Pid(String value) {

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Checks the value.
   *
   * @throws StorageInvalidException if {@code value} is not 64 lower-case hex digits
   */
  public Pid {
    Objects.requireNonNull(value, "value");
    if (!HEX_64.matcher(value).matches()) {
      throw new StorageInvalidException(
          "A Pid is 64 lower-case hex digits (HMAC-SHA256); got " + value.length() + " characters."
              + " Derive Pids with PidDeriver instead of building them from text.");
    }
  }

  /**
   * Returns the hex form, so a Pid can be logged safely in place of the id it stands for.
   *
   * @return the 64 hex digits
   */
  @Override
  public String toString() {
    return value;
  }
}
