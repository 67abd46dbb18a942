package dev.cogwheel.storage.postgres;

import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.postgres.core.SqlErrors;
import dev.cogwheel.storage.postgres.core.StorageMetrics;
import dev.cogwheel.storage.postgres.state.PostgresStateStore;
import dev.cogwheel.storage.postgres.table.TableFactory;
import dev.cogwheel.storage.service.Transaction;
import dev.cogwheel.storage.state.StateStore;
import dev.cogwheel.storage.table.Table;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/** A transaction of one plugin: one session with auto-commit off, usable until the callback returns. */
final class PostgresTransaction implements Transaction, SessionRunner {

  private final String pluginId;
  private final SqlSession session;
  private final TableFactory tables;
  private final StorageMetrics metrics;
  private final Thread owner = Thread.currentThread();
  private boolean open = true;
  private StorageException failure;

  PostgresTransaction(String pluginId, SqlSession session, TableFactory tables, StorageMetrics metrics) {
    this.pluginId = pluginId;
    this.session = session;
    this.tables = tables;
    this.metrics = metrics;
  }

  @Override
  public <R extends Record> Table<R> table(String name, Class<R> recordType) {
    return new MeteredTable<>(tables.open(pluginId, name, recordType, this), metrics);
  }

  @Override
  public StateStore state() {
    return new PostgresStateStore(pluginId, this);
  }

  @Override
  public <T> T run(String what, Function<SqlSession, T> work) {
    if (!open || Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "plugin " + pluginId + ": a Transaction is valid only inside its withTransaction callback,"
              + " on the thread that runs it.");
    }
    try {
      return work.apply(session);
    } catch (RuntimeException e) {
      StorageException translated = SqlErrors.translate(e, what);
      if (failure == null) {
        failure = translated;
      }
      throw translated;
    }
  }

  @Override
  public boolean inTransaction() {
    return true;
  }

  void end() {
    open = false;
  }

  /**
   * The first statement that failed: PostgreSQL then aborted the transaction, and a COMMIT would
   * silently roll it back, even if the callback caught the failure and returned normally.
   *
   * @return the failure, or null
   */
  StorageException failure() {
    return failure;
  }
}
