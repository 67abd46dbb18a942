package dev.cogwheel.storage;

/**
 * The operation conflicted with the stored data or with a concurrent operation: a duplicate key on
 * insert, a deadlock or a serialization failure. Nothing was written. Re-reading and retrying is
 * usually right.
 */
public final class StorageConflictException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what conflicted, naming the table or key
   * @param cause the underlying failure, or {@code null}
   */
  public StorageConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
