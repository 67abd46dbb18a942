package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when anything (JDA, the local Discord, Jetty) logged a WARN or ERROR line during it,
 * or during the class's setup and teardown: JDA logs a payload it cannot use and drops it, so a
 * missing field shows up here and not as a silent wrong answer.
 */
public final class LogGuard extends AppenderBase<ILoggingEvent>
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private final List<String> lines = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    setName("log-guard");
    start();
    root().addAppender(this);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check("during " + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    root().detachAppender(this);
    stop();
    check("while setting up or tearing down " + context.getDisplayName());
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      IThrowableProxy error = event.getThrowableProxy();
      lines.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
          + (error == null ? "" : " (" + error.getClassName() + ": " + error.getMessage() + ")"));
    }
  }

  private void check(String when) {
    List<String> seen;
    synchronized (this) {
      seen = List.copyOf(lines);
      lines.clear();
    }
    if (!seen.isEmpty()) {
      fail("Warnings or errors were logged " + when + ":\n  " + String.join("\n  ", seen));
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
