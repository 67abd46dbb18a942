package dev.cogwheel.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The encoder of the plain format: it lays an event out with its layout ({@link PlainLayout} unless
 * another is configured, such as the command line's {@code PatternLayout}) and passes the whole
 * resulting text through {@link Redactor#redact(String)} before it becomes bytes.
 *
 * <p>Why here: an encoder is the last step between an event and the bytes an appender writes, and
 * every logger's events reach it, the host's, the plugins' {@code cog.<id>} loggers, JDA's, HikariCP's,
 * Liquibase's and the PostgreSQL driver's (the last two through the java.util.logging bridge).
 * Redacting the finished text covers everything the layout put in it: the formatted message with
 * its arguments, key/value pairs, MDC values, thread and logger names, and the whole throwable chain
 * with causes and suppressed exceptions, whatever a call site passed. A {@code TurboFilter} cannot
 * rewrite an event, and rewriting copies of events in an appender would have to rebuild each part
 * (throwable proxies included) and would miss any part added later; the text that is written has
 * no part left to miss.
 *
 * <p>Thread-safe once started, as Logback requires.
 */
public class RedactingEncoder extends LayoutWrappingEncoder<ILoggingEvent> {

  /** Creates the encoder; Logback's configurators call this. */
  public RedactingEncoder() {}

  @Override
  public void start() {
    if (layout == null) {
      PlainLayout plain = new PlainLayout();
      plain.setContext(getContext());
      plain.start();
      setLayout(plain);
    }
    super.start();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String text = Redactor.redact(layout.doLayout(event));
    return text.getBytes(getCharset() == null ? StandardCharsets.UTF_8 : getCharset());
  }
}
