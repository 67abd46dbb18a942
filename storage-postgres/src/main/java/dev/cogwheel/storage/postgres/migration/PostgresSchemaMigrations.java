package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.postgres.core.Identifiers;
import dev.cogwheel.storage.postgres.core.MigrationLock;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.postgres.core.SqlErrors;
import dev.cogwheel.storage.spi.migration.AppliedChangeset;
import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.MigrationSource;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Labels;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration engine on PostgreSQL and Liquibase. Every operation runs under a session advisory
 * lock of the instance schema, so processes sharing the schema review and apply one after another and
 * each changeset runs once; the lock dies with its connection, so a crash never leaves it held.
 * Liquibase's own lock table is taken over when its lock is older than {@code migrations.lock-ttl}.
 */
public final class PostgresSchemaMigrations implements SchemaMigrations {

  private static final Logger log = LoggerFactory.getLogger(PostgresSchemaMigrations.class);

  private final PostgresSettings settings;
  private final DataSource dataSource;
  private final PgTools tools;
  private final ChangesetReviewer reviewer;
  private final ChangesetRunner runner;
  private final Map<String, ChangelogSource> plugins = new ConcurrentHashMap<>();

  /**
   * Creates the engine.
   *
   * @param settings the backend's settings
   * @param dataSource connections pinned to the instance schema
   * @param tools backups with pg_dump and pg_restore
   */
  public PostgresSchemaMigrations(PostgresSettings settings, DataSource dataSource, PgTools tools) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.tools = tools;
    this.reviewer = new ChangesetReviewer(settings.schema());
    this.runner = new ChangesetRunner(new PluginRoles());
  }

  @Override
  public void register(MigrationSource source) {
    Identifiers.pluginId(source.pluginId());
    plugins.put(source.pluginId(), ChangelogSource.plugin(source));
  }

  @Override
  public void unregister(String pluginId) {
    plugins.remove(pluginId);
  }

  @Override
  public List<SourceStatus> status() {
    return underLock("read the migration status", db -> reviewAll(db, orderedSources()).values().stream()
        .map(Review::status).toList());
  }

  @Override
  public SourceStatus status(String source) {
    ChangelogSource src = source(source);
    return underLock("read the migration status of " + source, db -> reviewAll(db, List.of(src)).get(source).status());
  }

  @Override
  public List<AppliedChangeset> history() {
    return underLock("read the migration history", db -> ran(db).stream()
        .map(r -> new AppliedChangeset(ChangelogSource.sourceOf(r.fileName()), r.id(), r.author(), r.executedAt(), r.execType(), r.checksum()))
        .toList());
  }

  @Override
  public UpgradeResult upgrade(String source, boolean backup) {
    List<ChangelogSource> targets = source == null ? orderedSources() : withDependencies(source(source));
    return underLock("upgrade the schema", db -> {
      Map<String, Review> before = reviewAll(db, targets);
      int applicable = before.values().stream().mapToInt(Review::applicable).sum();
      Optional<Path> backupFile = Optional.empty();
      if (applicable > 0 && backup && schemaHasTables(db)) {
        backupFile = Optional.of(tools.backup());
      }
      Map<String, Integer> appliedNow = new LinkedHashMap<>();
      Map<String, String> failures = new HashMap<>();
      for (Review review : before.values()) {
        String blocker = blockingDependency(review.source(), before, failures);
        if (blocker != null) {
          failures.put(review.source().name(), "waits for the migrations of " + blocker + " to complete first");
          appliedNow.put(review.source().name(), 0);
          continue;
        }
        if (review.applicable() == 0) {
          runner.adopt(db, review.source());
          appliedNow.put(review.source().name(), 0);
          continue;
        }
        try {
          inScope(review.source(), () -> runner.update(db, review.source(), review.changelog(),
              review.status().pending(), review.applicable()));
          appliedNow.put(review.source().name(), review.applicable());
          log.info("Applied {} changeset(s) of {}", review.applicable(), review.source().name());
        } catch (Exception e) {
          appliedNow.put(review.source().name(), 0);
          failures.put(review.source().name(), "applying its changesets failed: " + rootMessage(e));
          log.warn("Migrations of {} failed: {}", review.source().name(), rootMessage(e));
        }
      }
      Map<String, Review> after = reviewAll(db, targets);
      List<SourceStatus> statuses = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      for (Review review : after.values()) {
        SourceStatus status = review.status();
        String failure = failures.get(status.source());
        if (failure != null && status.state() != SourceState.UP_TO_DATE) {
          status = new SourceStatus(status.source(), status.logicalPath(), status.applied(), status.pending(),
              SourceState.BLOCKED, status.source() + ": " + failure + (status.problem().isEmpty() ? "" : "; " + status.problem()));
        }
        statuses.add(status);
        counts.add(appliedNow.getOrDefault(status.source(), 0));
        if (status.state() == SourceState.WAITING_APPROVAL || status.state() == SourceState.BLOCKED) {
          log.warn("Migrations of {}: {}", status.source(), status.problem());
        }
      }
      return new UpgradeResult(backupFile, statuses, counts);
    });
  }

  @Override
  public PendingChangeset approve(String ref, String approvedBy) {
    int colon = ref == null ? -1 : ref.indexOf(':');
    if (colon <= 0 || colon == ref.length() - 1) {
      throw new StorageInvalidException("'" + ref + "' is not a changeset reference; use <source>:<changeset id> as"
          + " printed by cogwheel db plan.");
    }
    if (approvedBy == null || approvedBy.isBlank()) {
      throw new StorageInvalidException("An approval needs the name of who approves.");
    }
    ChangelogSource src = source(ref.substring(0, colon));
    String id = ref.substring(colon + 1);
    return underLock("approve " + ref, db -> {
      Review review = reviewAll(db, List.of(src)).get(src.name());
      List<PendingChangeset> matches = review.status().pending().stream().filter(p -> p.id().equals(id)).toList();
      if (matches.isEmpty()) {
        throw new StorageNotFoundException("No pending changeset " + ref + "; cogwheel db plan lists the pending ones.", null);
      }
      if (matches.size() > 1) {
        throw new StorageInvalidException("Changeset id " + id + " of " + src.name() + " is pending for several authors "
            + matches.stream().map(PendingChangeset::author).toList() + "; give each changeset a unique id.");
      }
      PendingChangeset pending = matches.get(0);
      if (pending.changeClass() == ChangeClass.FORBIDDEN) {
        throw new StorageInvalidException("Changeset " + ref + " is forbidden and can never be applied: "
            + String.join("; ", pending.reasons()) + ". Fix the changelog instead.");
      }
      if (pending.changeClass() == ChangeClass.ADDITIVE) {
        throw new StorageInvalidException("Changeset " + ref + " is additive and applies without approval.");
      }
      try (PreparedStatement ps = connection(db).prepareStatement(
          "INSERT INTO cogwheel_migration_approval (source, changeset_id, author, checksum, approved_by)"
              + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, changeset_id, author) DO UPDATE"
              + " SET checksum = EXCLUDED.checksum, approved_by = EXCLUDED.approved_by, approved_at = now()")) {
        ps.setString(1, src.name());
        ps.setString(2, pending.id());
        ps.setString(3, pending.author());
        ps.setString(4, pending.checksum());
        ps.setString(5, approvedBy);
        ps.executeUpdate();
      }
      log.info("{} approved {} changeset {} (checksum {})", approvedBy, pending.changeClass(), ref, pending.checksum());
      return new PendingChangeset(pending.source(), pending.id(), pending.author(), pending.checksum(),
          pending.changeClass(), pending.reasons(), pending.sql(), true, pending.hasRollback());
    });
  }

  @Override
  public List<AppliedChangeset> rollback(String source, int count, boolean backup) {
    if (count < 1) {
      throw new StorageInvalidException("rollback --count must be at least 1, got " + count + ".");
    }
    ChangelogSource src = source(source);
    return underLock("roll back " + source, db -> {
      Review review = reviewAll(db, List.of(src)).get(src.name());
      if (review.changelog() == null) {
        throw new StorageInvalidException(source + " has no readable changelog: " + review.status().problem());
      }
      List<RanRow> ranHere = ran(db).stream().filter(r -> src.owns(r.fileName())).toList();
      if (ranHere.size() < count) {
        throw new StorageInvalidException(source + " has " + ranHere.size() + " applied changeset(s); cannot roll back " + count + ".");
      }
      List<RanRow> last = new ArrayList<>(ranHere.subList(ranHere.size() - count, ranHere.size()));
      java.util.Collections.reverse(last);
      List<String> problems = new ArrayList<>();
      List<ChangeSet> changeSets = new ArrayList<>();
      for (RanRow row : last) {
        ChangeSet cs = review.changelog().getChangeSet(row.fileName(), row.author(), row.id());
        changeSets.add(cs);
        if (cs == null) {
          problems.add(row.id() + " is no longer in the changelog");
        } else if (!cs.supportsRollback(db)) {
          problems.add(row.id() + " has no rollback (add a rollback block to it in a new release, or write a new changeset that undoes it)");
        }
      }
      if (!problems.isEmpty()) {
        throw new StorageInvalidException("Cannot roll back " + count + " changeset(s) of " + source + ": "
            + String.join("; ", problems) + ". Nothing was rolled back.");
      }
      if (backup) {
        tools.backup();
      }
      inScope(src, () -> runner.rollback(db, src, changeSets));
      log.info("Rolled back {} changeset(s) of {}", count, source);
      return last.stream().map(r -> new AppliedChangeset(src.name(), r.id(), r.author(), r.executedAt(), r.execType(), r.checksum())).toList();
    });
  }

  @Override
  public int baseline(String source) {
    List<ChangelogSource> targets = source == null ? orderedSources() : List.of(source(source));
    return underLock("baseline", db -> {
      Map<String, Review> reviews = reviewAll(db, targets);
      int marked = 0;
      for (Review review : reviews.values()) {
        if (review.changelog() == null || review.status().pending().isEmpty()) {
          continue;
        }
        inScope(review.source(), () -> new Liquibase(review.changelog(), review.source().accessor(), db)
            .changeLogSync(new Contexts(), new LabelExpression()));
        markRan(db, review);
        marked += review.status().pending().size();
        log.info("Baseline: marked {} changeset(s) of {} as applied without running them", review.status().pending().size(),
            review.source().name());
      }
      return marked;
    });
  }

  /** Liquibase records a sync as EXECUTED; the history must show that a baseline ran nothing. */
  private static void markRan(Database db, Review review) throws SQLException {
    Set<String> marked = review.status().pending().stream().map(p -> p.id() + "\t" + p.author()).collect(Collectors.toSet());
    try (PreparedStatement ps = connection(db).prepareStatement(
        "UPDATE databasechangelog SET exectype = 'MARK_RAN' WHERE filename = ? AND id = ? AND author = ?")) {
      for (ChangeSet cs : review.changelog().getChangeSets()) {
        if (marked.contains(cs.getId() + "\t" + cs.getAuthor())) {
          ps.setString(1, cs.getFilePath());
          ps.setString(2, cs.getId());
          ps.setString(3, cs.getAuthor());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  @Override
  public Path backup() {
    return tools.backup();
  }

  @Override
  public void restore(Path file) {
    tools.restore(file);
  }

  @Override
  public boolean releaseLocks() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      if (!tableExists(c, "databasechangeloglock")) {
        return false;
      }
      boolean released = s.executeUpdate("UPDATE databasechangeloglock SET locked = false, lockgranted = NULL,"
          + " lockedby = NULL WHERE locked") > 0;
      if (released) {
        log.warn("Released the migration lock of schema {} by request", settings.schema());
      }
      return released;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "release the migration lock");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * One source's review: its parsed changelog, its status and how many leading pending changesets
   * may apply.
   */
  private record Review(ChangelogSource source, DatabaseChangeLog changelog, SourceStatus status, int applicable) {}

  /** A row of DATABASECHANGELOG. */
  private record RanRow(String fileName, String id, String author, String checksum, Instant executedAt, String execType) {}

  @FunctionalInterface
  private interface DatabaseWork<T> {
    T run(Database database) throws Exception;
  }

  @FunctionalInterface
  private interface ScopedWork {
    void run() throws Exception;
  }

  private <T> T underLock(String what, DatabaseWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      MigrationLock.acquire(connection, settings.schema());
      try {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        database.setDefaultSchemaName(settings.schema());
        database.setLiquibaseSchemaName(settings.schema());
        takeOverStaleLock(connection);
        return work.run(database);
      } finally {
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        MigrationLock.release(connection, settings.schema());
      }
    } catch (StorageException e) {
      throw e;
    } catch (Exception e) {
      throw SqlErrors.translate(e, what + " of schema " + settings.schema());
    }
  }

  private void takeOverStaleLock(Connection connection) throws SQLException {
    if (!tableExists(connection, "databasechangeloglock")) {
      return;
    }
    // RETURNING shows the row after the update, so the holder is read from the row before it.
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE databasechangeloglock l SET locked = false, lockgranted = NULL, lockedby = NULL"
            + " FROM (SELECT id, lockedby FROM databasechangeloglock WHERE locked"
            + " AND lockgranted < now() - make_interval(secs => ?)) stale WHERE l.id = stale.id RETURNING stale.lockedby")) {
      ps.setDouble(1, settings.migrationLockTtl().toSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          log.warn("Took over the migration lock of schema {} held by {} for longer than migrations.lock-ttl ({});"
              + " its holder is presumed crashed", settings.schema(), rs.getString(1), settings.migrationLockTtl());
        }
      }
    }
    // Liquibase rolls back before it takes its lock: an uncommitted takeover would be lost.
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  private Map<String, Review> reviewAll(Database db, List<ChangelogSource> sources) throws Exception {
    List<RanRow> ran = ran(db);
    Map<String, String> approvals = approvals(db);
    Set<String> objects = objects(db);
    Map<String, Review> reviews = new LinkedHashMap<>();
    for (ChangelogSource source : sources) {
      reviews.put(source.name(), reviewInScope(db, source, ran, approvals, objects));
    }
    return reviews;
  }

  /**
   * Reviews a source with its own files in scope: an {@code sqlFile} is read through the source's
   * accessor to compute its checksum, SQL and review. A changelog that still cannot be reviewed (an
   * {@code sqlFile} that is not in the plugin) blocks its source only.
   */
  private Review reviewInScope(Database db, ChangelogSource source, List<RanRow> ran, Map<String, String> approvals,
      Set<String> objects) {
    Review[] result = new Review[1];
    try {
      inScope(source, () -> result[0] = review(db, source, ran, approvals, objects));
    } catch (Exception e) {
      String logical = source.rootPath() == null ? "" : source.rootPath();
      int applied = (int) ran.stream().filter(r -> source.owns(r.fileName())).count();
      return new Review(source, null, new SourceStatus(source.name(), logical, applied, List.of(), SourceState.BLOCKED,
          "changelog " + logical + " cannot be reviewed: " + rootMessage(e) + ". Fix the changelog and reload the plugin."), 0);
    }
    return result[0];
  }

  private Review review(Database db, ChangelogSource source, List<RanRow> ran, Map<String, String> approvals,
      Set<String> objects) throws Exception {
    List<RanRow> ranHere = ran.stream().filter(r -> source.owns(r.fileName())).toList();
    String logical = source.rootPath() == null ? "" : source.rootPath();
    if (source.rootPath() == null) {
      return new Review(source, null, new SourceStatus(source.name(), logical, ranHere.size(), List.of(),
          SourceState.UP_TO_DATE, ""), 0);
    }
    DatabaseChangeLog changelog;
    try {
      changelog = parse(db, source);
    } catch (ChangelogReader.RefusedException e) {
      return new Review(source, null, new SourceStatus(source.name(), logical, ranHere.size(), List.of(), SourceState.BLOCKED,
          "changelog " + logical + " is refused: " + e.getMessage() + ". Nothing of it runs; fix the changelog and reload the"
              + " plugin."), 0);
    } catch (Exception e) {
      return new Review(source, null, new SourceStatus(source.name(), logical, ranHere.size(), List.of(), SourceState.BLOCKED,
          "changelog " + logical + " cannot be read: " + rootMessage(e) + ". Fix the changelog and reload the plugin."), 0);
    }
    Map<String, RanRow> ranByKey = ranHere.stream().collect(Collectors.toMap(
        r -> key(r.fileName(), r.id(), r.author()), r -> r, (a, b) -> a));
    List<PendingChangeset> pending = new ArrayList<>();
    List<String> edited = new ArrayList<>();
    int applied = 0;
    for (ChangeSet cs : changelog.getChangeSets()) {
      RanRow row = ranByKey.get(key(cs.getFilePath(), cs.getId(), cs.getAuthor()));
      if (row != null) {
        applied++;
        if (row.checksum() != null && !row.checksum().isBlank()) {
          CheckSum stored = CheckSum.parse(row.checksum());
          CheckSum now = cs.generateCheckSum(liquibase.ChecksumVersion.enumFromChecksumVersion(stored.getVersion()));
          if (!stored.equals(now) && !cs.isCheckSumValid(stored)) {
            if (cs.isRunOnChange()) {
              pending.add(pendingOf(db, source, cs, approvals, objects));
            } else {
              edited.add(source.name() + ":" + cs.getId() + " (applied with checksum " + stored + ", now " + now + ")");
            }
          }
        }
        continue;
      }
      pending.add(pendingOf(db, source, cs, approvals, objects));
    }
    SourceState state;
    String problem = "";
    int applicable = 0;
    List<PendingChangeset> forbidden = pending.stream().filter(p -> p.changeClass() == ChangeClass.FORBIDDEN).toList();
    if (!edited.isEmpty()) {
      state = SourceState.BLOCKED;
      problem = "changesets were edited after they were applied: " + String.join(", ", edited) + ". A shipped changeset"
          + " must never change: restore its original content and put the change in a new changeset. If the edit"
          + " is harmless (a comment, formatting), add validCheckSum with the new checksum to the changeset.";
    } else if (!forbidden.isEmpty()) {
      state = SourceState.BLOCKED;
      problem = forbidden.stream().map(p -> "changeset " + p.ref() + " is forbidden: " + p.reasons().stream()
              .filter(r -> r.contains("(forbidden")).collect(Collectors.joining("; ")))
          .collect(Collectors.joining(". ")) + ". Forbidden changesets never apply; fix the changelog.";
    } else if (pending.isEmpty()) {
      state = SourceState.UP_TO_DATE;
    } else {
      while (applicable < pending.size() && pending.get(applicable).mayApply()) {
        applicable++;
      }
      if (applicable == pending.size()) {
        state = SourceState.PENDING;
      } else {
        state = SourceState.WAITING_APPROVAL;
        problem = pending.stream().filter(p -> !p.mayApply())
            .map(p -> p.ref() + " (" + p.changeClass().name().toLowerCase(java.util.Locale.ROOT) + ") waits for approval: cogwheel db approve " + p.ref())
            .collect(Collectors.joining("; "));
      }
    }
    return new Review(source, changelog, new SourceStatus(source.name(), logical, applied, pending, state, problem),
        state == SourceState.BLOCKED ? 0 : applicable);
  }

  private PendingChangeset pendingOf(Database db, ChangelogSource source, ChangeSet cs, Map<String, String> approvals,
      Set<String> objects) {
    ChangesetReviewer.Verdict verdict = reviewer.review(source, cs, db, objects);
    String checksum = cs.generateCheckSum(liquibase.ChecksumVersion.latest()).toString();
    boolean approved = checksum.equals(approvals.get(source.name() + "\t" + cs.getId() + "\t" + cs.getAuthor()));
    return new PendingChangeset(source.name(), cs.getId(), cs.getAuthor(), checksum, verdict.changeClass(),
        verdict.reasons(), sqlOf(db, cs), approved, supportsRollback(cs, db));
  }

  private static boolean supportsRollback(ChangeSet cs, Database db) {
    try {
      return cs.supportsRollback(db);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static List<String> sqlOf(Database db, ChangeSet cs) {
    List<String> sql = new ArrayList<>();
    for (Change change : cs.getChanges()) {
      try {
        for (Sql statement : SqlGeneratorFactory.getInstance().generateSql(change, db)) {
          sql.add(statement.toSql() + ";");
        }
      } catch (RuntimeException e) {
        sql.add("-- " + change.getDescription() + ": SQL not available before it runs (" + rootMessage(e) + ")");
      }
    }
    return sql;
  }

  private DatabaseChangeLog parse(Database db, ChangelogSource source) throws Exception {
    DatabaseChangeLog[] result = new DatabaseChangeLog[1];
    inScope(source, () -> {
      DatabaseChangeLog changelog = ChangelogReader.read(source);
      for (ChangeSet cs : changelog.getChangeSets()) {
        cs.setLabels(new Labels(source.label()));
      }
      result[0] = changelog;
    });
    return result[0];
  }

  /**
   * Runs exactly the changesets the review let apply, the same parsed objects in the same order:
   * Liquibase gets a changelog holding only them, and the changelog table must show that exactly
   * they ran, in that order, or the upgrade of the source fails loudly.
   */
  private static void inScope(ChangelogSource source, ScopedWork work) throws Exception {
    Map<String, Object> scope = Map.of(
        Scope.Attr.resourceAccessor.name(), source.accessor(),
        Scope.Attr.ui.name(), new LoggerUIService(),
        "liquibase.analytics.enabled", Boolean.FALSE,
          "liquibase.command.showSummaryOutput", "LOG",
        "liquibase.changeLogLockWaitTimeInMinutes", 1L);
    Scope.child(scope, work::run);
  }

  private List<RanRow> ran(Database db) throws SQLException {
    Connection c = connection(db);
    if (!tableExists(c, "databasechangelog")) {
      return List.of();
    }
    List<RanRow> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT filename, id, author, md5sum, dateexecuted, exectype"
            + " FROM databasechangelog ORDER BY orderexecuted, dateexecuted")) {
      while (rs.next()) {
        Timestamp executed = rs.getTimestamp(5);
        rows.add(new RanRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            executed == null ? Instant.EPOCH : executed.toInstant(), rs.getString(6)));
      }
    }
    return rows;
  }

  /** The relations of the instance schema, by name. */
  private static Set<String> objects(Database db) throws SQLException {
    Set<String> names = new java.util.HashSet<>();
    try (Statement s = connection(db).createStatement();
        ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private Map<String, String> approvals(Database db) throws SQLException {
    Connection c = connection(db);
    Map<String, String> approvals = new HashMap<>();
    if (!tableExists(c, "cogwheel_migration_approval")) {
      return approvals;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT source, changeset_id, author, checksum FROM cogwheel_migration_approval")) {
      while (rs.next()) {
        approvals.put(rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3), rs.getString(4));
      }
    }
    return approvals;
  }

  private boolean schemaHasTables(Database db) throws SQLException {
    try (Statement s = connection(db).createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            + " AND tablename NOT LIKE 'databasechangelog%'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(quote_ident(current_schema()) || '.' || ?) IS NOT NULL")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static Connection connection(Database db) {
    return ((JdbcConnection) db.getConnection()).getUnderlyingConnection();
  }

  private static String key(String fileName, String id, String author) {
    return MemoryResourceAccessor.normalize(fileName) + "\t" + id + "\t" + author;
  }

  private ChangelogSource source(String name) {
    if (CORE.equals(name)) {
      return ChangelogSource.core();
    }
    ChangelogSource source = name == null ? null : plugins.get(name);
    if (source == null) {
      throw new StorageNotFoundException("No migration source '" + name + "'; the sources are "
          + orderedSources().stream().map(ChangelogSource::name).toList() + ".", null);
    }
    return source;
  }

  /** The core, then plugins after the plugins they depend on; a cycle keeps registration order for its members. */
  private List<ChangelogSource> orderedSources() {
    List<ChangelogSource> ordered = new ArrayList<>();
    ordered.add(ChangelogSource.core());
    Set<String> placed = new LinkedHashSet<>();
    Map<String, ChangelogSource> remaining = new java.util.TreeMap<>(plugins);
    while (!remaining.isEmpty()) {
      boolean progress = false;
      for (var it = remaining.values().iterator(); it.hasNext(); ) {
        ChangelogSource s = it.next();
        if (s.dependsOn().stream().allMatch(d -> placed.contains(d) || !plugins.containsKey(d))) {
          ordered.add(s);
          placed.add(s.name());
          it.remove();
          progress = true;
        }
      }
      if (!progress) {
        ordered.addAll(remaining.values());
        break;
      }
    }
    return ordered;
  }

  private List<ChangelogSource> withDependencies(ChangelogSource target) {
    // Every plugin's tables live next to the core's, so the core always comes along.
    Set<String> wanted = new LinkedHashSet<>(List.of(CORE));
    List<String> queue = new ArrayList<>(List.of(target.name()));
    while (!queue.isEmpty()) {
      String name = queue.remove(queue.size() - 1);
      if (wanted.add(name) && plugins.containsKey(name)) {
        queue.addAll(plugins.get(name).dependsOn());
      }
    }
    return orderedSources().stream().filter(s -> wanted.contains(s.name())).toList();
  }

  private static String blockingDependency(ChangelogSource source, Map<String, Review> reviews, Map<String, String> failures) {
    for (String dependency : source.dependsOn()) {
      Review review = reviews.get(dependency);
      if (failures.containsKey(dependency) || (review != null && (review.status().state() == SourceState.BLOCKED
          || review.applicable() < review.status().pending().size()))) {
        return dependency;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
