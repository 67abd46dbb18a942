package dev.cogwheel.storage;

/**
 * The one unchecked exception the storage SPI throws. Its subclasses say what kind of failure it was;
 * the message says what was wrong and, where the caller can fix it, what to do. No driver or mapper
 * exception crosses the SPI: the original cause is chained but is never of a type a plugin must know.
 */
public abstract sealed class StorageException extends RuntimeException
    permits StorageUnavailableException, StorageConflictException, StorageNotFoundException,
        StorageInvalidException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message what went wrong, naming the plugin, table, key or setting involved
   * @param cause the underlying failure, or {@code null}
   */
  protected StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
