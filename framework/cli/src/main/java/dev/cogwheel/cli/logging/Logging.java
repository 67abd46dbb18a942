package dev.cogwheel.cli.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.event.Level;

/**
 * Sets up the bot's logging: one appender on standard output, in the configured format, through a
 * redacting encoder, with java.util.logging (Liquibase, the PostgreSQL driver) routed to the same
 * place at the same levels; and registers the instance's secrets with the {@link Redactor}.
 *
 * <p>The command line's {@code cogwheel db} keeps the bundled {@code logback.xml} (warnings on
 * standard error, through the same {@link RedactingEncoder}); {@code cogwheel run} calls
 * {@link #configure(LogFormat, Level)} once its configuration is read.
 */
public final class Logging {

  /** Environment variables that hold secrets although no setting names them. */
  /** The system property with which an operator names their own Logback file. */
  private static final String OPERATOR_FILE = "logback.configurationFile";
  private static final Pattern URL_PASSWORD = Pattern.compile("://[^/:@\\s]*:([^@/\\s]+)@");
  private static final Logger log = LoggerFactory.getLogger(Logging.class);

  private Logging() {}

  /**
   * Replaces the logging configuration with the bot's: everything at {@code level} and above, in
   * {@code format}, on standard output. When the operator named a Logback file with
   * {@code -Dlogback.configurationFile}, that file governs instead, and each of its appenders that
   * writes through an encoder other than Cogwheel's two is named in a warning, since it does not redact.
   *
   * @param format plain or JSON
   * @param level the lowest level written
   * @throws IllegalStateException if Logback is not the SLF4J provider
   */
  public static void configure(LogFormat format, Level level) {
    if (System.getProperty(OPERATOR_FILE) == null) {
      configure(format, level, System.out);
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
        logger.iteratorForAppenders().forEachRemaining(appender -> {
          if (appender instanceof OutputStreamAppender<ILoggingEvent> stream
              && !(stream.getEncoder() instanceof RedactingEncoder || stream.getEncoder() instanceof JsonEncoder)) {
            log.warn("log.unredacted_appender appender={} file={}: use dev.cogwheel.cli.logging.RedactingEncoder or"
                + " JsonEncoder, or its lines may hold secrets", appender.getName(), System.getProperty(OPERATOR_FILE));
          }
        });
      }
    }
  }

  /**
   * As {@link #configure(LogFormat, Level)}, writing to {@code out}, which is never closed.
   */
  static synchronized void configure(LogFormat format, Level level, OutputStream out) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(out, "out");
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException("Logback is not the SLF4J provider (found "
          + LoggerFactory.getILoggerFactory().getClass().getName() + "); logback-classic must be on the class path.");
    }
    context.reset();
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    Encoder<ILoggingEvent> encoder = format.encoder();
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName(format.name().toLowerCase(Locale.ROOT));
    appender.setEncoder(encoder);
    appender.setOutputStream(new FilterOutputStream(out) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    });
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
    root.addAppender(appender);
  }

  /**
   * Registers secret values with the {@link Redactor}, and the password inside each one that is a URL.
   * A value too short to register is reported by its name in a warning; blank values are skipped.
   *
   * @param secrets the values by the name of their setting or environment variable
   */
  public static void registerSecrets(Map<String, String> secrets) {
    secrets.forEach(Logging::register);
  }

  private static void register(String name, String value) {
    if (value.isBlank()) {
      return;
    }
    Matcher password = URL_PASSWORD.matcher(value);
    if (password.find()) {
      String encoded = password.group(1);
      try {
        register(name, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notEncoded) {
        register(name, encoded);
      }
    }
    if (!Redactor.registerSecret(value)) {
      log.warn("log.secret_too_short setting={}: a value shorter than {} characters is not redacted by value", name,
          Redactor.MIN_SECRET_LENGTH);
    }
  }
}
