package dev.cogwheel.storage.postgres.core;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.StorageUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns driver, pool and mapper failures into {@link StorageException}s. The driver's exception is not
 * chained, so no JDBC type crosses the SPI; it is logged at debug level instead. Messages carry the
 * SQLSTATE and the server's primary message, never row values (the pool sets
 * {@code logServerErrorDetail=false}) or the database URL.
 */
public final class SqlErrors {

  private static final Logger log = LoggerFactory.getLogger(SqlErrors.class);

  private SqlErrors() {}

  /**
   * Translates a failure.
   *
   * @param failure what was thrown
   * @param what the operation, naming the plugin and table or key ({@code "plugin xp: insert into xp_members"})
   * @return the exception to throw
   */
  public static StorageException translate(Throwable failure, String what) {
    if (failure instanceof StorageException se) {
      return se;
    }
    SQLException sql = findSqlException(failure);
    log.debug("{} failed", what, failure);
    if (sql == null) {
      if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("closed")) {
        return new StorageUnavailableException(what + " failed: the storage backend is closed.", null);
      }
      return new StorageUnavailableException(
          what + " failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage(), null);
    }
    if (sql instanceof SQLTransientConnectionException) {
      return new StorageUnavailableException(
          what + " failed: the database is unavailable (" + sql.getMessage() + ").", null);
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    String message = what + " failed: " + serverMessage(sql) + " [SQLSTATE " + state + "]";
    if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.isEmpty()) {
      return new StorageUnavailableException(message + "; the database is unavailable, retry later.", null);
    }
    if (state.equals("23505") || state.equals("40001") || state.equals("40P01")) {
      return new StorageConflictException(message, null);
    }
    if (state.equals("25P02")) {
      return new StorageInvalidException(what + " failed: an earlier operation in this transaction failed, so"
          + " PostgreSQL ignores everything until it ends; nothing of it will be kept. [SQLSTATE 25P02]", null);
    }
    if (state.equals("22021") || state.equals("22P05")) {
      return new StorageInvalidException(what + " failed: a text value holds a character PostgreSQL cannot store (the NUL"
          + " character U+0000, or bytes that are not UTF-8); remove it (see StorableText). [SQLSTATE " + state + "]", null);
    }
    if (state.equals("42P01")) {
      return new StorageNotFoundException(message, null);
    }
    if (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")) {
      return new StorageInvalidException(message, null);
    }
    return new StorageUnavailableException(message, null);
  }

  private static String serverMessage(SQLException sql) {
    if (sql instanceof PSQLException psql) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return server.getMessage();
      }
    }
    return String.valueOf(sql.getMessage());
  }

  private static SQLException findSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
