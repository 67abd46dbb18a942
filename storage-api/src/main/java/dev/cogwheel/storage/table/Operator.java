package dev.cogwheel.storage.table;

/** How a {@link Filter} compares a column with its value. */
public enum Operator {
  /** Equal. */
  EQ,
  /** Not equal. */
  NE,
  /** Less than. */
  LT,
  /** Less than or equal. */
  LE,
  /** Greater than. */
  GT,
  /** Greater than or equal. */
  GE,
  /** Equal to one of the values of a non-empty collection. */
  IN,
  /** The column is null; the filter's value is ignored. */
  IS_NULL,
  /** The column is not null; the filter's value is ignored. */
  IS_NOT_NULL
}
