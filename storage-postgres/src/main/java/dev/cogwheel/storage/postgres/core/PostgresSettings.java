package dev.cogwheel.storage.postgres.core;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.spi.SettingsBinder;
import dev.cogwheel.storage.spi.StorageSettings;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The PostgreSQL backend's settings, validated once when the backend opens. Every error names the
 * setting, the bad value (unless secret) and what is allowed.
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the database user, or null to use the URL's or the driver's default
 * @param password the password, or null
 * @param schema the instance schema ({@code database.schema}, default {@code cfg})
 * @param poolSize the fixed pool size ({@code database.pool-size}, default 10)
 * @param connectionTimeout how long a call waits for a connection ({@code database.connection-timeout}, default 5s)
 * @param socketTimeout how long a statement may wait on the network ({@code database.socket-timeout}, default 30s)
 * @param redisUrl the Redis URL for ephemeral values ({@code ephemeral.redis.url}), or null for in-process
 * @param pidSecret the Pid secret ({@code pid.secret}; the host maps COGWHEEL_PID_SECRET to it), or null to use the stored one
 * @param configCache whether config reads are cached ({@code config.cache}, default true; off only to diagnose)
 * @param backupDirectory where backups are written ({@code backup.directory}, default {@code backups})
 * @param pgBinDir where pg_dump and pg_restore are ({@code database.pg-bin-dir}), or null to use the PATH
 * @param migrationLockTtl how old a migration lock must be to be taken over ({@code migrations.lock-ttl}, default 15m)
 */
public record PostgresSettings(
    String jdbcUrl, String user, String password, String schema, int poolSize, Duration connectionTimeout,
    Duration socketTimeout, String redisUrl, String pidSecret, boolean configCache, Path backupDirectory,
    Path pgBinDir, Duration migrationLockTtl) {

  /** The settings' names. */
  public static final String URL = "database.url";
  /** The database user, overriding the URL's. */
  public static final String USER = "database.user";
  /** The database password, overriding the URL's. */
  public static final String PASSWORD = "database.password";
  /** The instance schema. */
  public static final String SCHEMA = "database.schema";
  /** The fixed pool size. */
  public static final String POOL_SIZE = "database.pool-size";
  /** The connection wait. */
  public static final String CONNECTION_TIMEOUT = "database.connection-timeout";
  /** The statement network wait. */
  public static final String SOCKET_TIMEOUT = "database.socket-timeout";
  /** The Redis URL. */
  public static final String REDIS_URL = "ephemeral.redis.url";
  /** The Pid secret. */
  public static final String PID_SECRET = "pid.secret";
  /** Whether config reads are cached. */
  public static final String CONFIG_CACHE = "config.cache";
  /** Where backups are written. */
  public static final String BACKUP_DIRECTORY = "backup.directory";
  /** Where pg_dump and pg_restore are. */
  public static final String PG_BIN_DIR = "database.pg-bin-dir";
  /** How old a migration lock must be to be taken over. */
  public static final String MIGRATION_LOCK_TTL = "migrations.lock-ttl";

  /** Hides the password and the secret. */
  @Override
  public String toString() {
    return "PostgresSettings[schema=" + schema + ", poolSize=" + poolSize + ", connectionTimeout="
        + connectionTimeout + ", socketTimeout=" + socketTimeout + ", redis=" + (redisUrl != null)
        + ", configCache=" + configCache + "]";
  }

  /**
   * Reads and validates settings.
   *
   * @param settings the operator's settings
   * @return the validated settings
   * @throws StorageInvalidException naming the first bad setting
   */
  public static PostgresSettings from(StorageSettings settings) {
    SettingsBinder binder = new SettingsBinder(settings::find, StorageInvalidException::new);
    String url = settings.find(URL).orElseThrow(() -> new StorageInvalidException(
        URL + " is required: a JDBC URL (jdbc:postgresql://host:5432/db) or postgres://user:pass@host:5432/db."));
    String user = settings.find(USER).orElse(null);
    String password = settings.find(PASSWORD).orElse(null);
    String jdbcUrl;
    if (url.startsWith("jdbc:postgresql:")) {
      jdbcUrl = url;
    } else if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new StorageInvalidException(URL + " is not a valid URL; expected postgres://user:pass@host:5432/db.");
      }
      if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
        throw new StorageInvalidException(URL + " needs a host and a database name: postgres://user:pass@host:5432/db.");
      }
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = user != null ? user : URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        if (parts.length > 1 && password == null) {
          password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        }
      }
      jdbcUrl = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
          + uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
    } else {
      throw new StorageInvalidException(
          URL + " must start with jdbc:postgresql:, postgres:// or postgresql:// (the value is not shown, it may hold a password).");
    }
    String schema = Identifiers.schema(settings.find(SCHEMA).orElse("cfg"));
    int poolSize = binder.integer(POOL_SIZE, 10, 1, 200);
    Duration connectionTimeout = binder.duration(CONNECTION_TIMEOUT, Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofMinutes(5));
    Duration socketTimeout = binder.duration(SOCKET_TIMEOUT, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
    String redis = settings.find(REDIS_URL).orElse(null);
    if (redis != null && !(redis.startsWith("redis://") || redis.startsWith("rediss://"))) {
      throw new StorageInvalidException(REDIS_URL + " must start with redis:// or rediss:// (the value is not shown, it may hold a password).");
    }
    String secret = settings.find(PID_SECRET).orElse(null);
    if (secret != null && secret.length() < 32) {
      throw new StorageInvalidException(
          "COGWHEEL_PID_SECRET (" + PID_SECRET + ") must be at least 32 characters; it is " + secret.length()
              + ". Generate one with: openssl rand -base64 48");
    }
    boolean configCache = binder.bool(CONFIG_CACHE, true);
    Path backupDirectory = binder.path(BACKUP_DIRECTORY).orElse(Path.of("backups"));
    Path pgBinDir = binder.path(PG_BIN_DIR).orElse(null);
    if (pgBinDir != null && !Files.isDirectory(pgBinDir)) {
      throw new StorageInvalidException(PG_BIN_DIR + " is '" + pgBinDir + "', which is not a directory; point it at the"
          + " directory holding pg_dump and pg_restore, or leave it unset to use the PATH.");
    }
    Duration lockTtl = binder.duration(MIGRATION_LOCK_TTL, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofDays(1));
    return new PostgresSettings(jdbcUrl, user, password, schema, poolSize, connectionTimeout, socketTimeout, redis,
        secret, configCache, backupDirectory, pgBinDir, lockTtl);
  }
}
