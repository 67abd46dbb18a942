package dev.cogwheel.storage.spi.migration;

/** How a pending changeset is treated by the review that precedes every upgrade. */
public enum ChangeClass {
  /** Creates or adds without losing anything: applied automatically. */
  ADDITIVE,
  /** Drops, renames, changes types, deletes or updates data: waits for an approval. */
  DESTRUCTIVE,
  /** Raw SQL that names only the plugin's own objects, or that the SQL parser cannot read: waits for an approval. */
  OPAQUE,
  /**
   * Breaks a rule (outside the instance schema, another plugin's objects, a raw Discord id column, a
   * name, type or value off the allow-list, SQL that leaves the plugin's role or session): never applied.
   */
  FORBIDDEN
}
