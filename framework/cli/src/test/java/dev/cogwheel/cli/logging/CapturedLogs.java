package dev.cogwheel.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The real Logback context configured by {@link Logging} to write into memory; closing it puts the
 * test configuration (logback-test.xml) back for the other tests.
 */
final class CapturedLogs implements AutoCloseable {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private CapturedLogs(LogFormat format, org.slf4j.event.Level level) {
    Logging.configure(format, level, out);
  }

  static CapturedLogs start(LogFormat format, org.slf4j.event.Level level) {
    return new CapturedLogs(format, level);
  }

  /** Sets one logger's level, as an operator's configuration would. */
  CapturedLogs level(String logger, Level level) {
    context().getLogger(logger).setLevel(level);
    return this;
  }

  String text() {
    return out.toString(StandardCharsets.UTF_8);
  }

  List<String> lines() {
    return text().lines().toList();
  }

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  @Override
  public void close() throws JoranException {
    LoggerContext context = context();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }
}
