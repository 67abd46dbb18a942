package dev.cogwheel.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL server of this test JVM.
 *
 * <p>The first call to {@link #get()} finds or starts the server, in this order:
 * <ol>
 *   <li>the server named by the environment variable {@value #DATABASE_URL_VARIABLE}, when it is set
 *       ({@code jdbc:postgresql://host:port/db?user=..&password=..} or
 *       {@code postgres://user:password@host:port/db}); if that server does not answer, {@code get()}
 *       fails rather than fall back, because the variable says which server the tests must use;</li>
 *   <li>a Testcontainers {@code postgres:17} container, when Docker is available;</li>
 *   <li>an embedded PostgreSQL 17 (zonky), which needs nothing installed.</li>
 * </ol>
 * The choice, and why the earlier sources were passed over, is logged once. A server this class
 * started is stopped by a JVM shutdown hook. Tests share the server and isolate themselves in
 * schemas: {@link #createSchema(String)}, or {@link PostgresExtension}.
 *
 * <p>Thread-safe: {@code get()} may be called from parallel tests; every method of the returned
 * instance may be called from any thread.
 */
public final class TestPostgres {

  /** The environment variable naming an existing server to test against. */
  public static final String DATABASE_URL_VARIABLE = "COGWHEEL_TEST_DATABASE_URL";

  /** The {@link #source()} of a server named by {@value #DATABASE_URL_VARIABLE}. */
  public static final String SOURCE_ENVIRONMENT = DATABASE_URL_VARIABLE;

  /** The {@link #source()} of a Testcontainers server. */
  public static final String SOURCE_TESTCONTAINERS = "testcontainers " + DockerPostgres.IMAGE;

  /** The {@link #source()} of an embedded server. */
  public static final String SOURCE_EMBEDDED = "embedded PostgreSQL 17";

  /**
   * The system property that makes the embedded server durable, as a production server is:
   * {@code -Dcogwheel.test.postgres.durable=true} turns {@code fsync} and {@code synchronous_commit}
   * on. By default the embedded server runs without both (zonky's defaults), which makes tests fast
   * and loses nothing a test needs; benchmarks of commit costs set it.
   */
  public static final String DURABLE_PROPERTY = "cogwheel.test.postgres.durable";

  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final Duration EMBEDDED_STARTUP_WAIT = Duration.ofMinutes(1);
  private static final int PROBE_TIMEOUT_SECONDS = 10;

  private static final Object LOCK = new Object();
  private static TestPostgres instance;
  private static RuntimeException failure;

  private final DatabaseUrl url;
  private final String source;

  private TestPostgres(DatabaseUrl url, String source) {
    this.url = url;
    this.source = source;
  }

  /**
   * Returns the server of this JVM, finding or starting it on the first call.
   *
   * @return the server, ready for connections
   * @throws IllegalStateException if {@value #DATABASE_URL_VARIABLE} is set but invalid or its server
   *                               does not answer, or if no server could be started; later calls
   *                               throw again without retrying
   */
  public static TestPostgres get() {
    synchronized (LOCK) {
      if (instance == null && failure == null) {
        try {
          instance = resolve(System::getenv);
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw new IllegalStateException("No PostgreSQL for tests: " + failure.getMessage(), failure);
      }
      return instance;
    }
  }

  /** Walks the resolution order; {@code environment} is a parameter so tests can feed it. */
  static TestPostgres resolve(Function<String, String> environment) {
    List<String> skipped = new ArrayList<>();
    String configured = environment.apply(DATABASE_URL_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      TestPostgres server = fromEnvironment(configured);
      LOG.info("PostgreSQL for tests: {} ({})", SOURCE_ENVIRONMENT, server.url);
      return server;
    }
    skipped.add(DATABASE_URL_VARIABLE + " is not set");

    Optional<String> noDocker = DockerPostgres.whyUnavailable();
    if (noDocker.isEmpty()) {
      try {
        TestPostgres server = started(DockerPostgres.start(), SOURCE_TESTCONTAINERS);
        LOG.info("PostgreSQL for tests: {} ({}); {}", SOURCE_TESTCONTAINERS, server.url, String.join("; ", skipped));
        return server;
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("Could not start {}, falling back to embedded PostgreSQL", SOURCE_TESTCONTAINERS, e);
        skipped.add(SOURCE_TESTCONTAINERS + " failed to start: " + e);
      }
    } else {
      skipped.add("Testcontainers skipped: " + noDocker.get());
    }

    TestPostgres server = started(startEmbedded(skipped), SOURCE_EMBEDDED);
    LOG.info("PostgreSQL for tests: {} ({}); {}", SOURCE_EMBEDDED, server.url, String.join("; ", skipped));
    return server;
  }

  private static TestPostgres fromEnvironment(String configured) {
    DatabaseUrl url;
    try {
      url = DatabaseUrl.parse(DATABASE_URL_VARIABLE, configured);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    TestPostgres server = new TestPostgres(url, SOURCE_ENVIRONMENT);
    Properties probe = server.connectionProperties();
    probe.setProperty("connectTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
    probe.setProperty("loginTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
    probe.setProperty("socketTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), probe);
         Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      // The driver's messages name host, port, database and user, never the password.
      throw new IllegalStateException(DATABASE_URL_VARIABLE + " is set, but PostgreSQL at " + url
          + " does not answer: " + withoutFinalPeriod(e.getMessage())
          + ". Start that server, fix the variable, or unset it to use Testcontainers or an embedded PostgreSQL.", e);
    }
    return server;
  }

  private static String withoutFinalPeriod(String message) {
    return message != null && message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  private static RunningServer startEmbedded(List<String> skipped) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setRegisterShutdownHook(false)
          .setPGStartupWait(EMBEDDED_STARTUP_WAIT);
      if (Boolean.getBoolean(DURABLE_PROPERTY)) {
        // zonky starts postgres with -F (fsync off); a -c option given after it wins.
        builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
      }
      EmbeddedPostgres postgres = builder.start();
      return new RunningServer(EmbeddedServer.superuserUrl(postgres.getPort()), postgres);
    } catch (Exception | LinkageError e) { // zonky reports unusable binaries as ExceptionInInitializerError
      throw new IllegalStateException("could not start an embedded PostgreSQL 17 (" + String.join("; ", skipped)
          + "): " + e.getMessage(), e);
    }
  }

  private static TestPostgres started(RunningServer running, String source) {
    Thread hook = new Thread(() -> {
      try {
        running.stop().close();
      } catch (Exception e) {
        LOG.warn("Could not stop the {} server", source, e);
      }
    }, "cogwheel-test-postgres-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return new TestPostgres(running.url(), source);
  }

  /**
   * Returns the JDBC URL of the test database, without user, password or schema.
   *
   * @return a {@code jdbc:postgresql:} URL; safe to print
   */
  public String jdbcUrl() {
    return url.jdbcUrl();
  }

  /**
   * Returns the user to connect as.
   *
   * @return the user name
   */
  public String user() {
    return url.user();
  }

  /**
   * Returns the password to connect with.
   *
   * @return the password, empty when the server asks for none; never print it
   */
  public String password() {
    return url.password();
  }

  /**
   * Says where the server came from: {@link #SOURCE_ENVIRONMENT}, {@link #SOURCE_TESTCONTAINERS} or
   * {@link #SOURCE_EMBEDDED}.
   *
   * @return a short description without secrets
   */
  public String source() {
    return source;
  }

  /**
   * Opens a connection to the test database, with the server's default {@code search_path}.
   *
   * @return a new connection the caller closes
   * @throws SQLException if the server refuses the connection
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), connectionProperties());
  }

  /**
   * Creates a new, empty schema whose name starts with {@code hint}.
   *
   * <p>The name is {@code hint} in lower case, with camel case split by underscores, characters
   * outside {@code [a-z0-9_]} replaced, cut short where needed, and followed by a random suffix, so
   * the name is unique and a valid unquoted identifier of at most 30 characters (so that
   * {@code <schema>_<plugin id>}, the name of a plugin's database role, fits PostgreSQL's 63):
   * {@code ConfigStoreTest} gives e.g. {@code config_store_test_k3x9q2mv}.
   *
   * @param hint what the schema is for, usually the test class's simple name
   * @return the schema; closing it drops it
   * @throws IllegalStateException if the server refuses to create it
   */
  public TestSchema createSchema(String hint) {
    String name = TestSchema.nameFor(hint);
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create schema " + name + " in " + this + ": "
          + e.getMessage(), e);
    }
    return new TestSchema(this, name);
  }

  Properties connectionProperties() {
    Properties properties = new Properties();
    if (!url.user().isEmpty()) {
      properties.setProperty("user", url.user());
    }
    if (!url.password().isEmpty()) {
      properties.setProperty("password", url.password());
    }
    return properties;
  }

  /** Shows the source and the URL, never the password. */
  @Override
  public String toString() {
    return source + " (" + url + ")";
  }
}
