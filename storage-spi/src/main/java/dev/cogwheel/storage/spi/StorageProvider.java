package dev.cogwheel.storage.spi;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageUnavailableException;

/**
 * A storage backend, found with {@link java.util.ServiceLoader}. PostgreSQL is the production backend.
 */
public interface StorageProvider {

  /**
   * The backend's name, as an operator selects it ({@code postgres}).
   *
   * @return the name
   */
  String name();

  /**
   * Validates the settings, connects, applies the core schema and returns the running backend.
   *
   * @param settings the operator's settings
   * @return the backend; close it to release its connections and threads
   * @throws StorageInvalidException if a setting is missing or invalid; the message names it
   * @throws StorageUnavailableException if the database cannot be reached
   */
  StorageBackend open(StorageSettings settings);
}
