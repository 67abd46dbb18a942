package dev.cogwheel.storage.postgres.core;

import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** Each call in its own session; a session that wrote is committed before it closes. */
public final class AutoCommitRunner implements SessionRunner {

  private final SqlSessionFactory sessions;

  public AutoCommitRunner(SqlSessionFactory sessions) {
    this.sessions = sessions;
  }

  @Override
  public <T> T run(String what, Function<SqlSession, T> work) {
    try (SqlSession session = sessions.openSession(true)) {
      return work.apply(session);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, what);
    }
  }

  @Override
  public boolean inTransaction() {
    return false;
  }
}
