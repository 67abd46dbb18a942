package dev.cogwheel.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;

/** How log lines are written: the {@code log.format} setting. */
public enum LogFormat {

  /** One human-readable line per event ({@link PlainLayout}). */
  PLAIN,

  /** One JSON object per line ({@link JsonEncoder}). */
  JSON;

  /**
   * A new, unstarted encoder of this format; both redact.
   *
   * @return the encoder
   */
  Encoder<ILoggingEvent> encoder() {
    return this == JSON ? new JsonEncoder() : new RedactingEncoder();
  }
}
