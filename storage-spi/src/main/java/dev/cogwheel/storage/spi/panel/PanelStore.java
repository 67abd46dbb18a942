package dev.cogwheel.storage.spi.panel;

import java.util.List;
import java.util.Optional;

/**
 * Operator tokens and the audit log of an instance. Tokens are kept as hashes only: the caller hashes
 * the secret token, and a stolen database dump does not let anyone in. Thread-safe; failures are
 * {@link dev.cogwheel.storage.StorageException}s.
 */
public interface PanelStore {

  /**
   * Stores a new token and records it in the audit log, in one transaction.
   *
   * @param name the token's name: 1 to 64 of letters, digits, {@code . _ -}
   * @param tokenHash the token's hash, 64 lower-case hex digits
   * @param createdBy who creates it (recorded as the actor)
   * @return the stored token
   * @throws dev.cogwheel.storage.StorageInvalidException if the name or hash is not valid
   * @throws dev.cogwheel.storage.StorageConflictException if a token of that name exists
   */
  OperatorToken createToken(String name, String tokenHash, String createdBy);

  /**
   * Deletes a token and records it in the audit log, in one transaction.
   *
   * @param name the token's name
   * @param revokedBy who revokes it
   * @return whether a token of that name existed
   */
  boolean revokeToken(String name, String revokedBy);

  /**
   * Every token, by name.
   *
   * @return the tokens
   */
  List<OperatorToken> tokens();

  /**
   * The token with this hash, noting that it was used now.
   *
   * @param tokenHash the hash of the presented token
   * @return the token, or empty if none has that hash
   */
  Optional<OperatorToken> authenticate(String tokenHash);

  /**
   * Appends to the audit log.
   *
   * @param actor who
   * @param action what
   * @param target on what
   * @param oldValue the value before, or null
   * @param newValue the value after, or null
   * @return the recorded entry
   */
  AuditEntry audit(String actor, String action, String target, String oldValue, String newValue);

  /**
   * The latest audit entries, newest first.
   *
   * @param limit how many, 1 to 1000
   * @return the entries
   * @throws dev.cogwheel.storage.StorageInvalidException if the limit is out of range
   */
  List<AuditEntry> auditLog(int limit);
}
