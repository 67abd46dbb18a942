package dev.cogwheel.storage.spi.migration;

import java.nio.file.Path;
import java.util.List;

/**
 * The schema migrations of one instance. The core changelog is always a source; plugins' changelogs
 * are registered by the host as plugins are loaded. Sources apply in order: the core first, then
 * plugins after the plugins they depend on. Every method reviews pending changesets first: additive
 * ones apply, destructive and opaque ones wait for {@link #approve}, forbidden ones never apply.
 * Implementations are thread-safe; concurrent processes on one schema apply each changeset once.
 */
public interface SchemaMigrations {

  /** The source name of the core changelog. */
  String CORE = "cogwheel";

  /**
   * Registers (or replaces) a plugin's changelog source.
   *
   * @param source the source
   */
  void register(MigrationSource source);

  /**
   * Forgets a plugin's source (its applied changesets stay recorded).
   *
   * @param pluginId the plugin
   */
  void unregister(String pluginId);

  /**
   * Every source's status, in apply order.
   *
   * @return the statuses
   */
  List<SourceStatus> status();

  /**
   * One source's status.
   *
   * @param source {@link #CORE} or a plugin id
   * @return the status
   * @throws dev.cogwheel.storage.StorageNotFoundException if no such source is registered
   */
  SourceStatus status(String source);

  /**
   * Applied changesets, oldest first.
   *
   * @return the history
   */
  List<AppliedChangeset> history();

  /**
   * Applies what the review allows in every source (or in one source and the sources it depends on),
   * after a verified backup unless {@code backup} is false or nothing would apply.
   *
   * @param source a plugin id or {@link #CORE} to upgrade only that source, or null for all
   * @param backup whether to take and verify a backup first
   * @return what was applied and where each source stands
   * @throws dev.cogwheel.storage.StorageException if the backup fails (then nothing was applied)
   */
  UpgradeResult upgrade(String source, boolean backup);

  /**
   * Records an operator's approval of a destructive or opaque changeset at its current checksum.
   *
   * @param ref {@code <source>:<changeset id>} as printed by the plan
   * @param approvedBy who approves
   * @return the approved changeset
   * @throws dev.cogwheel.storage.StorageNotFoundException if no pending changeset has that reference
   * @throws dev.cogwheel.storage.StorageInvalidException if it is forbidden (forbidden changesets are never applied)
   */
  PendingChangeset approve(String ref, String approvedBy);

  /**
   * Rolls back the last {@code count} applied changesets of a source, after a verified backup unless
   * {@code backup} is false.
   *
   * @param source {@link #CORE} or a plugin id
   * @param count how many, at least 1
   * @param backup whether to take and verify a backup first
   * @return the rolled back changesets, newest first
   * @throws dev.cogwheel.storage.StorageInvalidException if one of them has no rollback or is no
   *     longer in the changelog (then nothing was rolled back)
   */
  List<AppliedChangeset> rollback(String source, int count, boolean backup);

  /**
   * Marks every changeset of a source (or of all sources, with null) as applied without running it,
   * for a database that already has the tables.
   *
   * @param source a source, or null for all
   * @return how many changesets were marked
   */
  int baseline(String source);

  /**
   * Takes a backup of the instance schema into the backup directory and verifies it is not empty.
   *
   * @return the backup file
   */
  Path backup();

  /**
   * Restores the instance schema from a backup file, replacing what is there.
   *
   * @param file the backup
   */
  void restore(Path file);

  /**
   * Releases the migration lock, as after a crash.
   *
   * @return whether a lock was held
   */
  boolean releaseLocks();
}
