package dev.cogwheel.storage;

/**
 * The request itself was wrong: an invalid identifier, a record that does not match its table, a
 * value of the wrong type, too large, or refused by a validation rule or a database constraint.
 * Retrying the same request will fail the same way; the message names what to change.
 */
public final class StorageInvalidException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception without a cause.
   *
   * @param message what was invalid and what is allowed
   */
  public StorageInvalidException(String message) {
    super(message, null);
  }

  /**
   * Creates the exception.
   *
   * @param message what was invalid and what is allowed
   * @param cause the underlying failure, or {@code null}
   */
  public StorageInvalidException(String message, Throwable cause) {
    super(message, cause);
  }
}
