package dev.cogwheel.storage.postgres.core;

import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/**
 * Runs mapper calls either each in its own auto-committed session or inside one open transaction, so
 * the stores are written once and work in both. Failures leave as {@link
 * dev.cogwheel.storage.StorageException}s.
 */
public interface SessionRunner {

  /**
   * Runs work with a session.
   *
   * @param what the operation, for error messages
   * @param work the mapper calls
   * @param <T> the result type
   * @return the work's result
   */
  <T> T run(String what, Function<SqlSession, T> work);

  /**
   * Whether the work runs inside a caller's transaction (then increments are not group-committed).
   *
   * @return true inside {@code withTransaction}
   */
  boolean inTransaction();
}
