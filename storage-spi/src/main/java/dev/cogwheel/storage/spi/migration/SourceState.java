package dev.cogwheel.storage.spi.migration;

/** Where a source stands after the review. */
public enum SourceState {
  /** Every changeset is applied. */
  UP_TO_DATE,
  /** Changesets are pending and the review lets all of them apply. */
  PENDING,
  /** Some pending changesets wait for an approval; those before the first of them can apply. */
  WAITING_APPROVAL,
  /** The source cannot apply: a forbidden changeset, a changed checksum, or a changelog that does not parse. */
  BLOCKED
}
