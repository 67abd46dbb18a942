package dev.cogwheel.storage.postgres.core;

import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** Runs mapper calls in one transaction that commits only if they all succeed. */
public final class Sessions {

  private Sessions() {}

  /**
   * Runs work in a transaction; rolls back explicitly on failure (closing a MyBatis session would
   * otherwise reset auto-commit, which commits).
   *
   * @param sessions the session factory
   * @param what the operation, for error messages
   * @param work the mapper calls
   * @param <T> the result type
   * @return the work's result, after commit
   */
  public static <T> T inTransaction(SqlSessionFactory sessions, String what, Function<SqlSession, T> work) {
    try (SqlSession session = sessions.openSession(false)) {
      try {
        T result = work.apply(session);
        session.commit(true);
        return result;
      } catch (RuntimeException e) {
        rollbackQuietly(session, e);
        throw e;
      }
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, what);
    }
  }

  /**
   * Rolls back, keeping the first failure as the one reported.
   *
   * @param session the session
   * @param failure the failure that caused the rollback
   */
  public static void rollbackQuietly(SqlSession session, RuntimeException failure) {
    try {
      session.rollback(true);
    } catch (RuntimeException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }
}
