package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reviewed changesets. The host keeps the migration history itself, on its own connection;
 * a plugin's changes (and rollbacks) run on a connection logged in as the plugin's role, which can
 * reach neither the history nor the approvals. Before a plugin's changeset commits, and again after
 * it ran, {@link RoleBoundary} reads what the role holds: a changeset that gave it more fails and is
 * undone.
 */
final class ChangesetRunner {

  private static final Logger log = LoggerFactory.getLogger(ChangesetRunner.class);

  private final PluginRoles roles;

  ChangesetRunner(PluginRoles roles) {
    this.roles = roles;
  }

  /** Whether a source's changesets run as a role of its own. */
  private boolean runsAsOwnRole(Database host, ChangelogSource source) throws SQLException {
    return !source.name().equals(SchemaMigrations.CORE) && roles.enabled(connection(host));
  }

  private static Connection connection(Database host) {
    return ((JdbcConnection) host.getConnection()).getUnderlyingConnection();
  }

  /**
   * Runs the first {@code count} pending changesets of a review, in the changelog's order.
   *
   * @param host the bot's database under the migration lock; the history is written through it
   * @param source the changesets' source
   * @param changelog the reviewed changelog
   * @param pending the review's pending changesets, in order
   * @param count how many of them may run
   * @throws Exception if a changeset fails (it is rolled back and not recorded)
   */
  void update(Database host, ChangelogSource source, DatabaseChangeLog changelog, List<PendingChangeset> pending,
      int count) throws Exception {
    List<ChangeSet> toRun = reviewed(host, changelog, pending, count);
    withExecutionDatabase(host, source, execution -> {
      LockService lock = LockServiceFactory.getInstance().getLockService(host);
      lock.waitForLock();
      try {
        ChangeLogHistoryService history = Scope.getCurrentScope().getSingleton(ChangeLogHistoryServiceFactory.class)
            .getChangeLogService(host);
        history.init();
        history.generateDeploymentId();
        for (ChangeSet changeSet : toRun) {
          ChangeSet.RunStatus runStatus = host.getRunStatus(changeSet);
          CheckSum stored = changeSet.getStoredCheckSum();
          if (stored == null || stored.getVersion() < ChecksumVersion.latest().getVersion()) {
            changeSet.clearCheckSum();
            changeSet.setStoredCheckSum(changeSet.generateCheckSum(ChecksumVersion.latest()));
          }
          ChangeSet.ExecType execType;
          try {
            execType = changeSet.execute(changelog, null, execution.database());
          } catch (Exception e) {
            execution.undoOffences(source, changeSet);
            throw explained(host, source, changeSet, e);
          }
          refuseOffences(source, changeSet, execution.undoOffences(source, changeSet));
          if (runStatus != ChangeSet.RunStatus.NOT_RAN
              && (execType == ChangeSet.ExecType.EXECUTED || execType == ChangeSet.ExecType.MARK_RAN)) {
            execType = ChangeSet.ExecType.RERAN;
          }
          if (execType != ChangeSet.ExecType.SKIPPED) {
            history.setExecType(changeSet, execType);
            host.commit();
          }
        }
      } finally {
        lock.releaseLock();
      }
    });
  }

  /**
   * Makes ready the role of a source that has nothing to apply now (its tables handed over, its
   * grants); a problem is logged here and reported when its changesets are to run.
   *
   * @param host the bot's database under the migration lock
   * @param source the source
   */
  void adopt(Database host, ChangelogSource source) {
    Connection connection = connection(host);
    try {
      if (source.rootPath() == null || !runsAsOwnRole(host, source)) {
        return;
      }
      roles.adopt(connection, host.getDefaultSchemaName(), source.name(), source.dependsOn());
    } catch (SQLException | RuntimeException e) {
      log.warn("The database role of plugin {} is not ready: {}", source.name(), e.getMessage());
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
    }
  }

  /**
   * Rolls back changesets, the last applied first, and removes them from the history.
   *
   * @param host the bot's database under the migration lock
   * @param source the changesets' source
   * @param changeSets the changesets to roll back, in the order to roll them back
   * @throws Exception if a rollback fails
   */
  void rollback(Database host, ChangelogSource source, List<ChangeSet> changeSets) throws Exception {
    withExecutionDatabase(host, source, execution -> {
      LockService lock = LockServiceFactory.getInstance().getLockService(host);
      lock.waitForLock();
      try {
        for (ChangeSet changeSet : changeSets) {
          try {
            changeSet.rollback(execution.database(), null);
          } catch (Exception e) {
            execution.undoOffences(source, changeSet);
            throw explained(host, source, changeSet, e);
          }
          refuseOffences(source, changeSet, execution.undoOffences(source, changeSet));
          host.removeRanStatus(changeSet);
          host.commit();
        }
      } finally {
        lock.releaseLock();
      }
    });
  }

  /** The changesets the review counted as the first {@code count} pending ones, matched in order. */
  private static List<ChangeSet> reviewed(Database host, DatabaseChangeLog changelog, List<PendingChangeset> pending,
      int count) throws Exception {
    List<ChangeSet> toRun = new ArrayList<>();
    int next = 0;
    for (ChangeSet changeSet : changelog.getChangeSets()) {
      if (next >= count) {
        break;
      }
      PendingChangeset expected = pending.get(next);
      if (changeSet.getId().equals(expected.id()) && changeSet.getAuthor().equals(expected.author())
          && host.getRunStatus(changeSet) != ChangeSet.RunStatus.ALREADY_RAN) {
        toRun.add(changeSet);
        next++;
      }
    }
    if (toRun.size() != count) {
      throw new StorageInvalidException("the changelog changed while it was reviewed: " + count + " changeset(s) were"
          + " reviewed to run, " + toRun.size() + " found. Nothing was run; run the upgrade again.");
    }
    return toRun;
  }

  /** Where a source's changesets run: the plugin's role, or the bot's own connection. */
  private interface Execution {
    Database database();

    /**
     * Reads what the role holds after a changeset ran or failed, even if it committed on its own
     * (outside a transaction, or with a COMMIT in its SQL), and undoes what it may not hold.
     *
     * @return what was found, empty if nothing
     */
    Map<String, String> undoOffences(ChangelogSource source, ChangeSet changeSet) throws SQLException;
  }

  /** A failure as the plugin's role says so: PostgreSQL's own message, which names what was refused. */
  private Exception explained(Database host, ChangelogSource source, ChangeSet changeSet, Exception e)
      throws SQLException {
    if (!runsAsOwnRole(host, source)) {
      return e;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    StorageInvalidException explained = new StorageInvalidException("changeset " + source.name() + ":" + changeSet.getId()
        + " ran as the plugin's database role " + PluginRoles.roleName(host.getDefaultSchemaName(), source.name()) + ", which reaches only the plugin's own"
        + " tables, and failed: " + message);
    explained.addSuppressed(e);
    return explained;
  }

  private static void refuseOffences(ChangelogSource source, ChangeSet changeSet, Map<String, String> offences) {
    if (!offences.isEmpty()) {
      throw new StorageInvalidException("changeset " + source.name() + ":" + changeSet.getId() + " gave the plugin's"
          + " database role what it may not hold: " + String.join("; ", offences.keySet()) + ". It was undone and not"
          + " recorded; fix the changelog.");
    }
  }

  @FunctionalInterface
  private interface ExecutionWork {
    void run(Execution execution) throws Exception;
  }

  private void withExecutionDatabase(Database host, ChangelogSource source, ExecutionWork work) throws Exception {
    if (!runsAsOwnRole(host, source)) {
      work.run(new Execution() {
        @Override
        public Database database() {
          return host;
        }

        @Override
        public Map<String, String> undoOffences(ChangelogSource source, ChangeSet changeSet) {
          return Map.of();
        }
      });
      return;
    }
    String schema = host.getDefaultSchemaName();
    try (PluginRoles.Login login = roles.login(connection(host), schema, source.name(), source.dependsOn())) {
      String prefix = source.tablePrefix();
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(
          new BoundaryConnection(login.connection(), schema, prefix));
      database.setDefaultSchemaName(schema);
      work.run(new Execution() {
        @Override
        public Database database() {
          return database;
        }

        @Override
        public Map<String, String> undoOffences(ChangelogSource source, ChangeSet changeSet) throws SQLException {
          Connection connection = login.connection();
          if (!connection.getAutoCommit()) {
            connection.rollback();
          }
          Map<String, String> offences = RoleBoundary.offences(connection, schema, prefix);
          if (offences.isEmpty()) {
            return offences;
          }
          boolean autoCommit = connection.getAutoCommit();
          connection.setAutoCommit(true);
          try (Statement s = connection.createStatement()) {
            for (String undo : offences.values()) {
              try {
                s.execute(undo);
              } catch (SQLException e) {
                log.warn("Could not undo what changeset {} of {} left behind ({}): {}", changeSet.getId(),
                    source.name(), undo, e.getMessage());
              }
            }
          } finally {
            connection.setAutoCommit(autoCommit);
          }
          log.warn("Changeset {} of {} left what its database role may not hold, undone: {}", changeSet.getId(),
              source.name(), offences.keySet());
          return offences;
        }
      });
    }
  }

  /**
   * The plugin role's connection as Liquibase sees it: before anything commits, the role's holdings are
   * checked in the same transaction, and a commit that would give it more fails instead.
   */
  private static final class BoundaryConnection extends JdbcConnection {

    private final String schema;
    private final String prefix;

    BoundaryConnection(Connection connection, String schema, String prefix) {
      super(connection);
      this.schema = schema;
      this.prefix = prefix;
    }

    @Override
    public void commit() throws DatabaseException {
      Map<String, String> offences;
      try {
        offences = RoleBoundary.offences(getUnderlyingConnection(), schema, prefix);
      } catch (SQLException e) {
        throw new DatabaseException(e);
      }
      if (!offences.isEmpty()) {
        throw new DatabaseException("the plugin's database role would hold what it may not: "
            + String.join("; ", offences.keySet()));
      }
      super.commit();
    }
  }
}
