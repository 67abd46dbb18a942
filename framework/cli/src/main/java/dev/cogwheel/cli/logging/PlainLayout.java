package dev.cogwheel.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * The plain log format, one line per event: {@code time level logger message key=value...}, where
 * the message starts with the event name ({@code 2025-01-31T12:00:00.000+01:00 INFO  cog.xp
 * xp.persist_failed plugin=xp error_id=7Q2F}) and the pairs are the event's SLF4J key/value pairs
 * and MDC entries. A throwable follows on the next lines with its causes, suppressed exceptions and
 * frames. It does not redact: {@link RedactingEncoder} redacts what it returns.
 *
 * <p>Thread-safe once started.
 */
public final class PlainLayout extends LayoutBase<ILoggingEvent> {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

  /** Creates the layout; Logback's configurators call this. */
  public PlainLayout() {}

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    line.append(TIME.format(event.getInstant())).append(' ');
    String level = event.getLevel().toString();
    line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
    line.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        line.append(' ').append(pair.key).append('=').append(pair.value);
      }
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      new TreeMap<>(mdc).forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
    }
    line.append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy throwable = event.getThrowableProxy();
    if (throwable != null) {
      line.append(ThrowableProxyUtil.asString(throwable));
    }
    return line.toString();
  }
}
