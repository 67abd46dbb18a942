package dev.cogwheel.storage.postgres;

import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.StorageProvider;
import dev.cogwheel.storage.spi.StorageSettings;

/**
 * The {@code postgres} storage provider, found with {@link java.util.ServiceLoader}. Settings:
 * {@code database.url} (required), {@code database.user}, {@code database.password},
 * {@code database.schema} (default {@code cfg}), {@code database.pool-size} (10),
 * {@code database.connection-timeout} (5s), {@code database.socket-timeout} (30s),
 * {@code ephemeral.redis.url} and {@code pid.secret} (else COGWHEEL_PID_SECRET).
 */
public final class PostgresStorageProvider implements StorageProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public PostgresStorageProvider() {}

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public StorageBackend open(StorageSettings settings) {
    return PostgresStorageBackend.open(settings);
  }
}
