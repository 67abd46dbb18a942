package dev.cogwheel.cli.logging;

import java.util.Objects;

/**
 * A value that may be passed to a logger but must not be written: its {@link #toString()} is a
 * placeholder, so {@code log.debug("message.received guild={} content={}", guild, Sensitive.content(text))}
 * logs {@code content=<redacted:content>} whatever the format. The host wraps message contents and
 * other users' payloads this way; free text cannot be recognised by a pattern, so this is the only
 * way message contents are kept out of a line that mentions them.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sensitive {

  private final String kind;
  private final String value;

  private Sensitive(String kind, String value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * Marks a message's content, or any other payload a user wrote.
   *
   * @param content the content; may be null
   * @return a value that logs as {@code <redacted:content>}
   */
  public static Sensitive content(String content) {
    return new Sensitive("content", content);
  }

  /**
   * The value itself, for code that needs it; never pass it to a logger.
   *
   * @return the value, possibly null
   */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Sensitive that && kind.equals(that.kind) && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value);
  }

  /** The placeholder, {@code <redacted:content>}. */
  @Override
  public String toString() {
    return "<redacted:" + kind + ">";
  }
}
