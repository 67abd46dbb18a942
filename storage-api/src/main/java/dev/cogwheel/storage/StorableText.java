package dev.cogwheel.storage;

import java.util.Optional;

/**
 * Which text can be stored and shown as it was given. PostgreSQL refuses the NUL character in
 * text; an unpaired surrogate is not a character at all and would be stored as {@code ?}; other
 * control characters (except tab, line feed and carriage return) cannot be typed by a member, show
 * as nothing or garble a message, so text holding them came from a tool, not a person. The host
 * refuses such text where it enters (command options, modal fields, settings, the admin API), before
 * any cog acts on it; a cog that takes text from elsewhere can check it here too.
 *
 * <p>Stateless and thread-safe.
 */
public final class StorableText {

  private StorableText() {}

  /**
   * Finds the first character that cannot be stored and shown.
   *
   * @param text the text
   * @return what is wrong, as "the NUL character (U+0000) at position 5" (positions count from 1);
   *     empty when the text is fine
   */
  public static Optional<String> problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        return Optional.of("half of a character (the unpaired surrogate " + code(c) + ") at position " + (i + 1));
      }
      if (c == '\0') {
        return Optional.of("the NUL character (U+0000) at position " + (i + 1));
      }
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        return Optional.of("the control character " + code(c) + " at position " + (i + 1));
      }
    }
    return Optional.empty();
  }

  private static String code(char c) {
    return String.format("U+%04X", (int) c);
  }
}
