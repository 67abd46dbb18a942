package dev.cogwheel.storage.postgres;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.ephemeral.EphemeralStore;
import dev.cogwheel.storage.postgres.config.PostgresConfigStore;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.postgres.core.Sessions;
import dev.cogwheel.storage.postgres.core.SqlErrors;
import dev.cogwheel.storage.postgres.core.StorageMetrics;
import dev.cogwheel.storage.postgres.state.PostgresStateStore;
import dev.cogwheel.storage.postgres.table.TableFactory;
import dev.cogwheel.storage.privacy.UserDataRegistry;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.service.Transaction;
import dev.cogwheel.storage.state.StateStore;
import dev.cogwheel.storage.table.Table;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** One plugin's view of the PostgreSQL backend. */
final class PostgresStorageService implements StorageService {

  private final String pluginId;
  private final SqlSessionFactory sessions;
  private final SessionRunner autoCommit;
  private final TableFactory tables;
  private final PostgresConfigStore config;
  private final PostgresStateStore state;
  private final EphemeralStore ephemeral;
  private final PostgresUserDataRegistry userData;
  private final StorageMetrics metrics;

  PostgresStorageService(String pluginId, SqlSessionFactory sessions, SessionRunner autoCommit, TableFactory tables,
      PostgresConfigStore config, EphemeralStore ephemeral) {
    this.pluginId = pluginId;
    this.sessions = sessions;
    this.autoCommit = autoCommit;
    this.tables = tables;
    this.config = config;
    this.state = new PostgresStateStore(pluginId, autoCommit);
    this.ephemeral = ephemeral;
    this.userData = new PostgresUserDataRegistry(pluginId, config);
    this.metrics = StorageMetrics.forPlugin(pluginId);
  }

  @Override
  public String pluginId() {
    return pluginId;
  }

  @Override
  public ConfigStore config() {
    return config;
  }

  @Override
  public StateStore state() {
    return state;
  }

  @Override
  public EphemeralStore ephemeral() {
    return ephemeral;
  }

  @Override
  public <R extends Record> Table<R> table(String name, Class<R> recordType) {
    return new MeteredTable<>(tables.open(pluginId, name, recordType, autoCommit), metrics);
  }

  @Override
  public <T> T withTransaction(Function<Transaction, T> work) {
    return metrics.time(StorageMetrics.Operation.TRANSACTION, () -> inTransaction(work));
  }

  private <T> T inTransaction(Function<Transaction, T> work) {
    String what = "plugin " + pluginId + ": transaction";
    SqlSession session;
    try {
      session = sessions.openSession(false);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, what);
    }
    PostgresTransaction tx = new PostgresTransaction(pluginId, session, tables, metrics);
    try (session) {
      T result;
      try {
        result = work.apply(tx);
      } catch (RuntimeException | Error e) {
        tx.end();
        if (e instanceof RuntimeException re) {
          Sessions.rollbackQuietly(session, re);
        } else {
          session.rollback(true);
        }
        throw e;
      }
      tx.end();
      if (tx.failure() != null) {
        StorageException failed = notCommitted(what, tx.failure());
        Sessions.rollbackQuietly(session, failed);
        throw failed;
      }
      try {
        session.commit(true);
      } catch (RuntimeException e) {
        Sessions.rollbackQuietly(session, e);
        throw SqlErrors.translate(e, what + " commit");
      }
      return result;
    }
  }

  private static StorageException notCommitted(String what, StorageException first) {
    String message = what + " commit failed: an operation inside it failed (" + first.getMessage()
        + "), so PostgreSQL rolled the transaction back and nothing was written.";
    if (first instanceof StorageConflictException) {
      return new StorageConflictException(message, first);
    } else if (first instanceof StorageInvalidException) {
      return new StorageInvalidException(message, first);
    } else if (first instanceof StorageNotFoundException) {
      return new StorageNotFoundException(message, first);
    }
    return new StorageUnavailableException(message, first);
  }

  @Override
  public UserDataRegistry userData() {
    return userData;
  }

  void release() {
    userData.clear();
  }
}
