package dev.cogwheel.storage;

/**
 * Something the operation needs does not exist: a table the plugin has not created in its changelog,
 * or a row that {@code get...} methods require. {@code find...} methods return an empty
 * {@link java.util.Optional} instead of throwing this.
 */
public final class StorageNotFoundException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was missing and where it was looked for
   * @param cause the underlying failure, or {@code null}
   */
  public StorageNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
