package dev.cogwheel.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dedicated embedded PostgreSQL 17 server that a test may stop and start again.
 *
 * <p>Unlike the shared {@link TestPostgres} server, this one belongs to a single test, which can take
 * it away to prove that clients fail fast during an outage and recover afterwards without being
 * restarted: {@link #stop()} shuts the server down and keeps its data directory; {@link #start()}
 * brings it back on the same port and data directory, with the same data.
 *
 * <pre>{@code
 * try (EmbeddedServer server = EmbeddedServer.create(tempDir.resolve("pg"), 0)) {
 *   server.start();
 *   // ... point a pool at server.jdbcUrl() ...
 *   server.stop();
 *   // ... the pool's callers fail fast ...
 *   server.start();
 *   // ... the pool recovers ...
 * }
 * }</pre>
 *
 * <p>Connect as {@link #user()} without a password, to the {@code postgres} database. The server is
 * stopped by {@link #close()}, or at the latest when the JVM exits. Thread-safe.
 */
public final class EmbeddedServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
  private static final String USER = "postgres";
  private static final String DATABASE = "postgres";
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(1);

  private final Path dataDirectory;
  private final int port;
  private final Thread shutdownHook;
  private EmbeddedPostgres postgres;
  private boolean closed;

  private EmbeddedServer(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "cogwheel-embedded-server-stop");
  }

  /**
   * Prepares a server on a data directory and port; call {@link #start()} to run it.
   *
   * @param dataDirectory where the server keeps its data: a directory that does not exist yet or is
   *                      empty (the first start creates the cluster), or one an earlier server used
   * @param port          the port to listen on, or 0 for a free port chosen now and kept for every start
   * @return the server, not running yet
   * @throws IllegalArgumentException if the port is out of range or the directory holds something else
   * @throws UncheckedIOException     if no free port can be found or the directory cannot be read
   */
  public static EmbeddedServer create(Path dataDirectory, int port) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    Path directory = dataDirectory.toAbsolutePath();
    if (Files.isDirectory(directory) && !isEmpty(directory) && !Files.exists(directory.resolve("postgresql.conf"))) {
      throw new IllegalArgumentException("dataDirectory " + directory
          + " is neither empty nor a PostgreSQL data directory (no postgresql.conf)");
    }
    return new EmbeddedServer(directory, port == 0 ? freePort() : port);
  }

  /**
   * Starts the server, creating the cluster on the first start; does nothing if it is running.
   *
   * @throws IllegalStateException if the server was closed, or could not start (for instance because
   *                               another process took the port while it was stopped)
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("EmbeddedServer on port " + port + " is closed");
    }
    if (postgres != null) {
      return;
    }
    try {
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setRegisterShutdownHook(false)
          .setPGStartupWait(STARTUP_WAIT)
          .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Could not start embedded PostgreSQL on port " + port + " with data in "
          + dataDirectory + ": " + e.getMessage(), e);
    }
    addShutdownHook();
  }

  /**
   * Stops the server (fast shutdown: open connections are cut) and keeps its data directory; does
   * nothing if it is not running.
   *
   * @throws IllegalStateException if the server could not be stopped
   */
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    EmbeddedPostgres running = postgres;
    postgres = null;
    try {
      running.close();
    } catch (IOException e) {
      throw new IllegalStateException("Could not stop embedded PostgreSQL on port " + port, e);
    }
  }

  /**
   * Tells whether the server is running.
   *
   * @return whether {@link #start()} was called more recently than {@link #stop()}
   */
  public synchronized boolean isRunning() {
    return postgres != null;
  }

  /**
   * Returns the port the server listens on, the same for every start.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the data directory.
   *
   * @return the absolute path of the data directory
   */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * Returns the JDBC URL of the server's {@code postgres} database, the same for every start.
   *
   * @return a {@code jdbc:postgresql:} URL, without user
   */
  public String jdbcUrl() {
    return superuserUrl(port).jdbcUrl();
  }

  /**
   * Returns the user to connect as; no password is needed.
   *
   * @return the superuser's name
   */
  public String user() {
    return USER;
  }

  /**
   * Opens a connection to the server's {@code postgres} database.
   *
   * @return a new connection the caller closes
   * @throws SQLException if the server does not answer, for instance because it is stopped
   */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /**
   * Stops the server for good; the data directory stays. Calling it again does nothing.
   *
   * @throws IllegalStateException if the server could not be stopped
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      removeShutdownHook();
    }
  }

  /** Shows the port and data directory. */
  @Override
  public String toString() {
    return "EmbeddedServer[port=" + port + ", dataDirectory=" + dataDirectory + "]";
  }

  /** The URL and user of an embedded server's superuser, which zonky creates without a password. */
  static DatabaseUrl superuserUrl(int port) {
    return new DatabaseUrl("jdbc:postgresql://localhost:" + port + "/" + DATABASE, USER, "");
  }

  private void addShutdownHook() {
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalArgumentException alreadyAdded) {
      // A restart after stop(): the hook from the first start still covers this server.
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting and the hook is running or ran; nothing left to undo.
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.warn("Could not stop {}", this, e);
    }
  }

  private static boolean isEmpty(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read dataDirectory " + directory, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port for embedded PostgreSQL", e);
    }
  }
}
