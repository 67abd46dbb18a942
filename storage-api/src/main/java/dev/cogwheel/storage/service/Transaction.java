package dev.cogwheel.storage.service;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.state.StateStore;
import dev.cogwheel.storage.table.Table;

/**
 * The view of storage inside {@link StorageService#withTransaction}: table and state operations made
 * through it commit or roll back together. It is valid only while the callback runs and only on the
 * thread that runs it.
 */
public interface Transaction {

  /**
   * One of the plugin's tables, bound to this transaction. Increments through it are applied at once
   * inside the transaction rather than group-committed.
   *
   * @param name the table name; must start with {@code <plugin id>_}
   * @param recordType the record a row maps to
   * @param <R> the record type
   * @return the table bound to this transaction
   * @throws StorageInvalidException see {@link StorageService#table(String, Class)}
   */
  <R extends Record> Table<R> table(String name, Class<R> recordType);

  /**
   * The plugin's state store, bound to this transaction.
   *
   * @return the state store
   */
  StateStore state();
}
