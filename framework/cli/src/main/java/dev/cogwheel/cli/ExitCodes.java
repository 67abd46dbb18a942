package dev.cogwheel.cli;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.StorageUnavailableException;

/** The exit codes of {@code cogwheel}, as docs/operations.md lists them for scripts. */
final class ExitCodes {

  /** Done. */
  static final int OK = 0;
  /** The request or a setting was invalid, an unexpected error, or the operator declined to confirm. */
  static final int FAILED = 1;
  /** The command line was wrong, or a confirmation was needed and nobody could give it. */
  static final int USAGE = 2;
  /** The configuration file or environment is wrong. */
  static final int CONFIG = 3;
  /** The database (or a tool it needs) could not be reached. */
  static final int UNAVAILABLE = 4;
  /** A named source, changeset or file does not exist. */
  static final int NOT_FOUND = 5;
  /** A concurrent change got in the way; try again. */
  static final int CONFLICT = 6;
  /** Migrations still wait for an operator's approval. */
  static final int WAITING = 10;
  /** A migration source is blocked (forbidden or edited changeset, unreadable changelog, failed apply). */
  static final int BLOCKED = 11;

  private ExitCodes() {}

  static int of(StorageException e) {
    if (e instanceof StorageUnavailableException) {
      return UNAVAILABLE;
    }
    if (e instanceof StorageNotFoundException) {
      return NOT_FOUND;
    }
    if (e instanceof StorageConflictException) {
      return CONFLICT;
    }
    return FAILED;
  }
}
