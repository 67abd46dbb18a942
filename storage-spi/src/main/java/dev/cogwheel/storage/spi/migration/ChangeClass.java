package dev.cogwheel.storage.spi.migration;

/** How a pending changeset is treated by the review that precedes every upgrade. */
public enum ChangeClass {
  /** Creates or adds without losing anything: applied automatically. */
  ADDITIVE,
  /** Drops, renames, changes types, deletes or updates data: waits for an approval. */
  DESTRUCTIVE,
  /** Raw SQL or anything the review cannot read: waits for an approval. */
  OPAQUE,
  /** Breaks a rule (outside the instance schema, another plugin's table, a raw Discord id column): never applied. */
  FORBIDDEN
}
