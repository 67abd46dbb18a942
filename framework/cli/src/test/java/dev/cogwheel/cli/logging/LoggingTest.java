package dev.cogwheel.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cogwheel.cli.config.CogwheelConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class LoggingTest {

  /** Other tests' JDA sessions fill the MDC of the thread that built them; these lines must not carry it. */
  @org.junit.jupiter.api.BeforeEach
  void clearTheThreadsContext() {
    org.slf4j.MDC.clear();
  }

  static final String DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

  /** What a careless call site might log, one of each kind. */
  static final List<Object> SECRETS = List.of(
      "jdbc:postgresql://db2.internal:5432/bots?user=u&password=JdbcPass-1",
      "postgres://cogbot:UrlPassw0rd-7731@db.internal:5432/bots",
      "redis://:RedisPass-5521@cache.internal:6379",
      "password=hunter22",
      "pwd=correcthorse9",
      DISCORD_TOKEN,
      "Authorization: Bot BotHeaderValue_0123456789",
      "Authorization: Bearer BearerValue0123456789",
      "DbPassw0rd-4410",
      "pid-secret-Zx81-0123456789abcdef0123456789",
      "odd-discord-token-Qw77",
      "wk-live-Hh38",
      "user 123456789012345678 in guild 98765432109876543210",
      Sensitive.content("my private diary entry"),
      "{\"id\":\"1\",\"content\":\"hello from a user\"}");

  /** Parts of the secrets above; none may appear in any line. */
  static final List<String> NEEDLES = List.of("db2.internal", "JdbcPass-1", "cogbot", "UrlPassw0rd-7731", "db.internal",
      "RedisPass-5521", "cache.internal", "hunter22", "correcthorse9", "GaBcDe", "BotHeaderValue", "BearerValue",
      "DbPassw0rd-4410", "pid-secret-Zx81", "odd-discord-token-Qw77", "wk-live-Hh38", "123456789012345678",
      "98765432109876543210", "my private diary entry", "hello from a user", "://");

  static final List<String> LOGGERS = List.of("dev.cogwheel.runtime.plugin.CogwheelPluginManager", "cog.xp",
      "net.dv8tion.jda.internal.requests.Requester", "liquibase.database", "com.zaxxer.hikari.pool.HikariPool",
      "org.postgresql.Driver");

  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void registerTheInstancesSecrets(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("cogwheel.properties"), "log.redact=WEATHER_API_KEY\n");
    Map<String, String> environment = Map.of(
        "DATABASE_URL", "postgres://cogbot:UrlPassw0rd-7731@db.internal:5432/bots",
        "DATABASE_PASSWORD", "DbPassw0rd-4410",
        "COGWHEEL_PID_SECRET", "pid-secret-Zx81-0123456789abcdef0123456789",
        "REDIS_URL", "redis://:RedisPass-5521@cache.internal:6379",
        "DISCORD_TOKEN", "odd-discord-token-Qw77",
        "WEATHER_API_KEY", "wk-live-Hh38");
    Logging.registerSecrets(CogwheelConfig.load(file, environment).secrets(environment));
  }

  @ParameterizedTest
  @EnumSource(LogFormat.class)
  void noSecretReachesALineWhateverTheLoggerAndWhereverItIsPassed(LogFormat format) throws Exception {
    String text;
    try (CapturedLogs logs = CapturedLogs.start(format, Level.INFO)) {
      for (String name : LOGGERS) {
        Logger log = LoggerFactory.getLogger(name);
        for (Object secret : SECRETS) {
          log.info("test.message_logged " + secret);
          log.info("test.argument_logged value={}", secret);
          log.atInfo().addKeyValue("value", secret).log("test.pair_logged");
          MDC.put("value", String.valueOf(secret));
          try {
            log.info("test.mdc_logged");
          } finally {
            MDC.remove("value");
          }
          log.error("test.failed plugin=xp", failure(secret));
        }
      }
      java.util.logging.Logger.getLogger("org.postgresql.jdbc").log(java.util.logging.Level.WARNING,
          "Connecting with URL: {0}", SECRETS.get(0));
      text = logs.text();
    }

    assertThat(text).contains("test.message_logged", "test.failed", "cog.xp", "net.dv8tion.jda", "liquibase", "com.zaxxer.hikari",
        "Connecting with URL: <redacted:url>");
    for (String needle : NEEDLES) {
      assertThat(text).as("a line holds %s", needle).doesNotContain(needle);
    }
    assertThat(text).contains("<redacted:url>", "<redacted:password>", "<redacted:token>", "<redacted:secret>",
        "<redacted:content>", "<id:");
    assertThat(text).as("the stack trace survives, sensitive parts replaced")
        .contains("java.lang.IllegalStateException: failed with <redacted:url>")
        .contains("Caused by: java.sql.SQLException: driver says <redacted:url>")
        .contains("Suppressed: java.io.IOException: closing <redacted:secret>")
        .contains("at dev.cogwheel.cli.logging.LoggingTest.failure(LoggingTest.java:");
  }

  private static Exception failure(Object secret) {
    IllegalStateException failure = new IllegalStateException("failed with " + secret,
        new SQLException("driver says " + secret, "08001"));
    failure.addSuppressed(new IOException("closing " + secret));
    return failure;
  }

  @Test
  void discordIdsAreTheSameTagThroughoutARun() throws Exception {
    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.start(LogFormat.PLAIN, Level.INFO)) {
      Logger log = LoggerFactory.getLogger("cog.xp");
      log.info("xp.awarded user={} amount=5", 123456789012345678L);
      log.info("xp.awarded user={} amount=7", "123456789012345678");
      log.info("xp.awarded user={} amount=9", 223456789012345678L);
      lines = logs.lines();
    }

    String tag = Redactor.tag(123456789012345678L);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).endsWith("xp.awarded user=" + tag + " amount=5");
    assertThat(lines.get(1)).endsWith("xp.awarded user=" + tag + " amount=7");
    assertThat(lines.get(2)).endsWith("xp.awarded user=" + Redactor.tag(223456789012345678L) + " amount=9").doesNotContain(tag);
  }

  @Test
  void plainLinesAreTimeLevelLoggerEventAndPairs() throws Exception {
    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.start(LogFormat.PLAIN, Level.INFO)) {
      Logger log = LoggerFactory.getLogger("cog.xp");
      log.debug("xp.debugged");
      MDC.put("request", "r-1");
      try {
        log.atWarn().addKeyValue("attempts", 3).log("xp.persist_failed plugin=xp error_id=7Q2F");
      } finally {
        MDC.remove("request");
      }
      lines = logs.lines();
    }

    assertThat(lines).singleElement().asString()
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  cog\\.xp "
            + "xp\\.persist_failed plugin=xp error_id=7Q2F attempts=3 request=r-1");
  }

  @Test
  void jsonLinesCarryTheEventItsFieldsAndTheException() throws Exception {
    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.start(LogFormat.JSON, Level.INFO)) {
      Logger log = LoggerFactory.getLogger("cog.xp");
      MDC.put("request", "r-1");
      try {
        log.atWarn().addKeyValue("attempts", 3).log("xp.persist_failed plugin=xp guild={} reason=\"no such table\" table=xp_members:",
            123456789012345678L);
      } finally {
        MDC.remove("request");
      }
      log.error("plugin.failed plugin=xp version=1.2.0", new IllegalStateException("boom at jdbc:postgresql://db/x"));
      LoggerFactory.getLogger("com.zaxxer.hikari.HikariDataSource").info("HikariPool-1 - Starting...");
      lines = logs.lines();
    }

    assertThat(lines).hasSize(3);
    JsonNode first = json.readTree(lines.get(0));
    assertThat(Instant.parse(first.get("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(first.get("level").asText()).isEqualTo("WARN");
    assertThat(first.get("logger").asText()).isEqualTo("cog.xp");
    assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(first.get("event").asText()).isEqualTo("xp.persist_failed");
    String tag = Redactor.tag(123456789012345678L);
    assertThat(first.get("message").asText())
        .isEqualTo("xp.persist_failed plugin=xp guild=" + tag + " reason=\"no such table\" table=xp_members:");
    assertThat(first.get("fields").properties()).extracting(Map.Entry::getKey, entry -> entry.getValue().asText())
        .containsExactly(tuple("plugin", "xp"), tuple("guild", tag), tuple("reason", "no such table"), tuple("table", "xp_members"),
            tuple("attempts", "3"));
    assertThat(first.get("mdc").get("request").asText()).isEqualTo("r-1");
    assertThat(first.has("exception")).isFalse();

    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.get("event").asText()).isEqualTo("plugin.failed");
    assertThat(second.get("exception").asText())
        .startsWith("java.lang.IllegalStateException: boom at <redacted:url>")
        .contains("\tat dev.cogwheel.cli.logging.LoggingTest.jsonLinesCarryTheEventItsFieldsAndTheException(LoggingTest.java:");

    JsonNode third = json.readTree(lines.get(2));
    assertThat(third.has("event")).isFalse();
    assertThat(third.has("fields")).isFalse();
    assertThat(third.get("message").asText()).isEqualTo("HikariPool-1 - Starting...");
  }

  @Test
  void theCommandLinesLogbackXmlRedactsAsWell() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    OutputStreamAppender<?> appender = (OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    ch.qos.logback.classic.Logger logger = context.getLogger("dev.cogwheel.storage.postgres.core.SqlErrors");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, ch.qos.logback.classic.Level.WARN,
        "db.failed url={} user={}", null, new Object[] {"postgres://u:p@h/db", 123456789012345678L});

    assertThat(appender.getEncoder()).isInstanceOf(RedactingEncoder.class);
    @SuppressWarnings("unchecked")
    byte[] bytes = ((ch.qos.logback.core.encoder.Encoder<LoggingEvent>) appender.getEncoder()).encode(event);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("WARN  SqlErrors: db.failed url=<redacted:url> user=" + Redactor.tag(123456789012345678L) + System.lineSeparator());
    context.stop();
  }

  @Test
  void configureReplacesEarlierAppendersAndSetsTheLevel() throws Exception {
    List<String> appenders = new ArrayList<>();
    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.start(LogFormat.JSON, Level.WARN)) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(a -> appenders.add(a.getName()));
      LoggerFactory.getLogger("cog.xp").info("xp.awarded amount=5");
      LoggerFactory.getLogger("cog.xp").warn("xp.persist_failed plugin=xp");
      lines = logs.lines();
    }

    assertThat(appenders).containsExactly("json");
    assertThat(lines).singleElement().asString().contains("\"event\":\"xp.persist_failed\"");
  }

  @Test
  void anOperatorsOwnFileGovernsAndAnAppenderThatDoesNotRedactIsNamed() throws Exception {
    String text;
    try (CapturedLogs logs = CapturedLogs.start(LogFormat.PLAIN, Level.INFO)) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      PatternLayoutEncoder raw = new PatternLayoutEncoder();
      raw.setContext(context);
      raw.setPattern("%msg%n");
      raw.start();
      OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
      appender.setContext(context);
      appender.setName("raw");
      appender.setEncoder(raw);
      appender.setOutputStream(new ByteArrayOutputStream());
      appender.start();
      context.getLogger("cog.legacy").addAppender(appender);
      System.setProperty("logback.configurationFile", "conf/logback.xml");
      try {
        Logging.configure(LogFormat.JSON, Level.DEBUG);
      } finally {
        System.clearProperty("logback.configurationFile");
      }
      text = logs.text();
    }

    assertThat(text).as("the operator's file was left in place: still plain, still at INFO")
        .contains(" WARN  dev.cogwheel.cli.logging.Logging log.unredacted_appender appender=raw file=conf/logback.xml: use"
            + " dev.cogwheel.cli.logging.RedactingEncoder or JsonEncoder");
  }
}
