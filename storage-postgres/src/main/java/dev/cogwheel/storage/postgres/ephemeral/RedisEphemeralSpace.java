package dev.cogwheel.storage.postgres.ephemeral;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.ephemeral.EphemeralStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ephemeral values of all plugins of one backend, kept in Redis under {@code
 * cogwheel:<namespace>:<pluginId>:<key>}. One Lettuce connection, shared by every plugin, is opened
 * on first use and reconnects by itself; while Redis is unreachable every operation fails within
 * the command timeout with {@link StorageUnavailableException}. Messages and logs never show the
 * Redis URL, which may carry a password. Thread-safe.
 */
public final class RedisEphemeralSpace implements EphemeralSpace, PluginEphemeralStore.Space {

  /** The command timeout used when the settings do not give one. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(RedisEphemeralSpace.class);
  private static final String URL_RULE =
      "expected redis://[[user]:password@]host[:port][/database], or rediss://... for TLS, with"
          + " special characters in the password percent-encoded";
  private static final int SCAN_BATCH = 500;

  private final String namespace;
  private final Duration commandTimeout;
  private final RedisClient client;

  private final Object connectLock = new Object();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile boolean closed;
  private long nextConnectAttempt; // guarded by connectLock
  private String lastConnectFailure; // guarded by connectLock

  /**
   * Creates the space; the connection is opened on first use.
   *
   * @param url the Redis URL, {@code redis://} or {@code rediss://}
   * @param namespace what separates this instance's keys from other instances' in a shared Redis:
   *     the instance schema name
   * @param commandTimeout how long a connection attempt or a command may take before it fails
   * @throws StorageInvalidException naming {@value EphemeralSpace#REDIS_URL_SETTING} if the URL is
   *     not valid; the message never contains the URL
   */
  public RedisEphemeralSpace(String url, String namespace, Duration commandTimeout) {
    this.namespace = checkSegment("namespace", namespace);
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout of the Redis ephemeral space is "
          + commandTimeout + "; it must be positive.");
    }
    this.commandTimeout = commandTimeout;
    RedisURI uri = parseUrl(url);
    uri.setTimeout(commandTimeout);
    this.client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            // Without this, commands issued while reconnecting queue up until they time out.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .autoReconnect(true)
            .build());
  }

  @Override
  public EphemeralStore forPlugin(String pluginId) {
    return new PluginEphemeralStore(checkSegment("plugin id", pluginId), this,
        "RedisEphemeralStore[plugin=" + pluginId + ", namespace=" + namespace + "]");
  }

  @Override
  public int deleteAll(String pluginId) {
    String pattern = prefix(pluginId) + "*";
    long removed =
        call(
            "deleteAll",
            pluginId,
            commands -> {
              ScanArgs args = ScanArgs.Builder.matches(pattern).limit(SCAN_BATCH);
              long count = 0;
              KeyScanCursor<String> cursor = commands.scan(args);
              while (true) {
                if (!cursor.getKeys().isEmpty()) {
                  count += commands.del(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                  return count;
                }
                cursor = commands.scan(cursor, args);
              }
            });
    return (int) Math.min(removed, Integer.MAX_VALUE);
  }

  /**
   * The namespace keys are kept under.
   *
   * @return the namespace given at creation
   */
  public String namespace() {
    return namespace;
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> open;
    synchronized (connectLock) {
      if (closed) {
        return;
      }
      closed = true;
      open = connection;
      connection = null;
    }
    try {
      if (open != null) {
        open.close();
      }
    } catch (RuntimeException e) {
      log.warn("Closing the Redis connection for ephemeral values failed: {}", describe(e));
    } finally {
      client.shutdown(Duration.ZERO, commandTimeout);
    }
  }

  @Override
  public String toString() {
    return "RedisEphemeralSpace[namespace=" + namespace + "]";
  }

  @Override
  public Optional<String> get(String pluginId, String key) {
    String redisKey = redisKey(pluginId, key);
    return Optional.ofNullable(call("get", pluginId, commands -> commands.get(redisKey)));
  }

  @Override
  public void put(String pluginId, String key, String value, Duration ttl) {
    String redisKey = redisKey(pluginId, key);
    SetArgs args = SetArgs.Builder.px(ttlMillis(ttl));
    call("put", pluginId, commands -> commands.set(redisKey, value, args));
  }

  @Override
  public boolean putIfAbsent(String pluginId, String key, String value, Duration ttl) {
    String redisKey = redisKey(pluginId, key);
    SetArgs args = SetArgs.Builder.nx().px(ttlMillis(ttl));
    return "OK"
        .equals(call("putIfAbsent", pluginId, commands -> commands.set(redisKey, value, args)));
  }

  @Override
  public boolean delete(String pluginId, String key) {
    String redisKey = redisKey(pluginId, key);
    return call("delete", pluginId, commands -> commands.del(redisKey)) > 0;
  }

  String redisKey(String pluginId, String key) {
    return prefix(pluginId) + key;
  }

  static String checkSegment(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("The " + what + " of a Redis ephemeral key is empty.");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // ':' separates the parts of a key; the glob characters would widen deleteAll's SCAN MATCH.
      if (c == ':' || c == '*' || c == '?' || c == '[' || c == ']' || c == '\\'
          || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException("The " + what + " '" + value
            + "' cannot be part of a Redis ephemeral key: it contains '" + c + "'.");
      }
    }
    return value;
  }

  private String prefix(String pluginId) {
    return "cogwheel:" + namespace + ":" + checkSegment("plugin id", pluginId) + ":";
  }

  private <T> T call(
      String operation, String pluginId, Function<RedisCommands<String, String>, T> command) {
    RedisCommands<String, String> commands = commands(operation, pluginId);
    try {
      return command.apply(commands);
    } catch (RuntimeException e) {
      throw unavailable(operation, pluginId, describe(e), e);
    }
  }

  private RedisCommands<String, String> commands(String operation, String pluginId) {
    StatefulRedisConnection<String, String> open = connection;
    if (open != null) {
      return open.sync();
    }
    synchronized (connectLock) {
      if (closed) {
        throw unavailable(operation, pluginId, "the ephemeral space is closed", null);
      }
      if (connection != null) {
        return connection.sync();
      }
      long now = System.nanoTime();
      // After a failed attempt, callers fail at once for a while instead of each waiting out a
      // connect timeout in turn behind this lock.
      if (lastConnectFailure != null && now - nextConnectAttempt < 0) {
        throw unavailable(operation, pluginId, lastConnectFailure, null);
      }
      try {
        connection = client.connect();
      } catch (RuntimeException e) {
        String reason = describe(e);
        if (lastConnectFailure == null) {
          log.warn(
              "Ephemeral values (namespace {}) are unavailable: {}. Their operations fail until"
                  + " Redis is back; connecting is retried at most every {} ms.",
              namespace,
              reason,
              RECONNECT_BACKOFF.toMillis());
        }
        lastConnectFailure = reason;
        nextConnectAttempt = now + RECONNECT_BACKOFF.toNanos();
        throw unavailable(operation, pluginId, reason, e);
      }
      log.info("Connected to Redis for ephemeral values (namespace {}).", namespace);
      lastConnectFailure = null;
      return connection.sync();
    }
  }

  private StorageUnavailableException unavailable(
      String operation, String pluginId, String reason, Throwable cause) {
    // Like SqlErrors: the client's exception is logged, not chained, so no Lettuce type crosses the SPI.
    log.debug("ephemeral {} of plugin {} failed", operation, pluginId, cause);
    return new StorageUnavailableException("Ephemeral " + operation + " of plugin '" + pluginId
        + "' failed: " + reason + ". Ephemeral values are kept in Redis (" + REDIS_URL_SETTING
        + "); retry later.", null);
  }

  /** Says what went wrong without the exception's own message, which may name the server. */
  private String describe(RuntimeException e) {
    if (e instanceof RedisCommandTimeoutException) {
      return "Redis did not answer within " + commandTimeout.toMillis() + " ms";
    }
    if (e instanceof RedisConnectionException) {
      return "Redis could not be reached";
    }
    if (e instanceof RedisCommandInterruptedException) {
      return "the thread was interrupted while waiting for Redis";
    }
    if (e instanceof RedisCommandExecutionException && e.getMessage() != null) {
      String error = e.getMessage().strip();
      int space = error.indexOf(' ');
      return "Redis refused the command (" + (space < 0 ? error : error.substring(0, space)) + ")";
    }
    StatefulRedisConnection<String, String> open = connection;
    if (open != null && !open.isOpen()) {
      return "the connection to Redis was lost and is being restored";
    }
    return "the Redis client failed (" + e.getClass().getSimpleName() + ")";
  }

  private static long ttlMillis(Duration ttl) {
    long millis = ttl.toMillis();
    return ttl.compareTo(Duration.ofMillis(millis)) > 0 ? millis + 1 : millis;
  }

  static RedisURI parseUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new StorageInvalidException(REDIS_URL_SETTING + " is empty; " + URL_RULE + ".");
    }
    String trimmed = url.strip();
    int schemeEnd = trimmed.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new StorageInvalidException(
          REDIS_URL_SETTING + " must start with redis:// or rediss://; " + URL_RULE + ".");
    }
    // Lettuce accepts only a lower-case scheme; URI schemes are case-insensitive.
    String normalized = scheme + trimmed.substring(schemeEnd);
    // The causes are dropped on purpose: their messages quote the URL, password included.
    try {
      if (new URI(normalized).getHost() == null) {
        throw new StorageInvalidException(REDIS_URL_SETTING + " has no valid host and port (the"
            + " value is not shown, as it may hold a password); " + URL_RULE + ".");
      }
      return RedisURI.create(normalized);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new StorageInvalidException(REDIS_URL_SETTING + " is not a valid Redis URL (the value"
          + " is not shown, as it may hold a password); " + URL_RULE + ".");
    }
  }
}
