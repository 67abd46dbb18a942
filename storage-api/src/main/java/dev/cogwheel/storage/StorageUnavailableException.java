package dev.cogwheel.storage;

/**
 * The backend could not be reached or did not answer in time (database down, pool exhausted, network
 * failure, statement timeout). The operation had no effect, or its effect is unknown if the failure
 * happened during commit. Retrying later is reasonable; the backend reconnects by itself.
 */
public final class StorageUnavailableException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done and why
   * @param cause the underlying failure, or {@code null}
   */
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
