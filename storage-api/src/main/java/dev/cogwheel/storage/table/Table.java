package dev.cogwheel.storage.table;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One of a plugin's tables as a table of records of type {@code R}.
 *
 * <p>Supported component types and the columns they match: {@code long}/{@code Long} bigint,
 * {@code int}/{@code Integer} integer, {@code short}/{@code Short} smallint, {@code boolean} boolean,
 * {@code double} double precision, {@code float} real, {@code String} text/varchar/char/json/jsonb,
 * {@code BigDecimal} numeric, {@code Instant}/{@code OffsetDateTime} timestamptz,
 * {@code LocalDateTime} timestamp, {@code LocalDate} date, {@code UUID} uuid, {@code byte[]} bytea,
 * {@link dev.cogwheel.storage.Pid} text and enums text (by name). A nullable column needs a boxed
 * component. Columns the record lacks must be nullable or have a default.
 *
 * <p>Outside a transaction each call commits by itself. Thread-safe.
 *
 * @param <R> the record type
 */
public interface Table<R extends Record> {

  /**
   * The table's name.
   *
   * @return the name
   */
  String name();

  /**
   * The primary key columns, in key order.
   *
   * @return the column names
   */
  List<String> keyColumns();

  /**
   * Inserts a row.
   *
   * @param row the row
   * @throws dev.cogwheel.storage.StorageConflictException if a row with the same key exists
   * @throws dev.cogwheel.storage.StorageInvalidException if a constraint refuses the row
   */
  void insert(R row);

  /**
   * Inserts a row, or replaces every column of the row with the same key.
   *
   * @param row the row
   */
  void upsert(R row);

  /**
   * Finds a row by primary key.
   *
   * @param key the key values
   * @return the row, or empty
   * @throws dev.cogwheel.storage.StorageInvalidException if the key has the wrong number or types of
   *     values
   */
  Optional<R> find(Key key);

  /**
   * The rows matching a query.
   *
   * @param query the query
   * @return the rows, in the query's order
   * @throws dev.cogwheel.storage.StorageInvalidException if the query names a column the table lacks
   *     or compares it with a value of the wrong type
   */
  List<R> query(Query query);

  /**
   * Counts the rows matching a query's conditions (order, limit and offset are ignored).
   *
   * @param query the query
   * @return the count
   */
  long count(Query query);

  /**
   * Replaces the non-key columns of the row with the same key.
   *
   * @param row the row
   * @return whether a row was updated
   */
  boolean update(R row);

  /**
   * Deletes the row with a key.
   *
   * @param key the key values
   * @return whether a row was deleted
   */
  boolean delete(Key key);

  /**
   * Deletes the rows matching a query's conditions; at least one condition is required.
   *
   * @param query the query
   * @return how many rows were deleted
   */
  int deleteWhere(Query query);

  /**
   * Adds {@code delta} to a numeric column of the row with a key, creating the row if it does not
   * exist (the column then starts from 0, whatever its default, and other columns take their
   * defaults). Outside a transaction, increments from concurrent callers
   * are group-committed: many share one transaction, and the future completes only after the
   * transaction holding this increment has committed.
   *
   * @param key the key values
   * @param column the column to add to (integer types)
   * @param delta the amount, may be negative
   * @return the column's value after this increment
   */
  CompletableFuture<Long> incrementAsync(Key key, String column, long delta);

  /**
   * Like {@link #incrementAsync} but waits for the commit.
   *
   * @param key the key values
   * @param column the column to add to
   * @param delta the amount
   * @return the column's value after this increment
   */
  long increment(Key key, String column, long delta);
}
