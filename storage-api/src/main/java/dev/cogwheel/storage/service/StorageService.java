package dev.cogwheel.storage.service;

import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.ephemeral.EphemeralStore;
import dev.cogwheel.storage.privacy.UserDataRegistry;
import dev.cogwheel.storage.state.StateStore;
import dev.cogwheel.storage.table.Table;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything a plugin may store, already scoped to one plugin id: nothing reached through it can read
 * or write another plugin's data.
 *
 * <p>A plugin id is 1 to 32 lower-case letters and digits starting with a letter ({@code xp},
 * {@code economy}, {@code tempvc}); {@code cogwheel} is reserved for the host. The plugin's tables
 * are named {@code <plugin id>_<name>} (for example {@code xp_members}), so the owner of a table is
 * always the text before its first underscore.
 *
 * <p>Implementations are thread-safe. Every method may throw {@link StorageUnavailableException}
 * when the backend cannot be reached; it never blocks longer than the backend's configured timeout.
 */
public interface StorageService {

  /**
   * The id of the plugin this service is scoped to.
   *
   * @return the plugin id
   */
  String pluginId();

  /**
   * Typed settings per scope (global, guild, channel, member, user), read through a cache that every
   * process invalidates on write.
   *
   * @return the plugin's configuration store
   */
  ConfigStore config();

  /**
   * Durable, versioned live state (what a plugin reads back after a restart).
   *
   * @return the plugin's state store
   */
  StateStore state();

  /**
   * Short-lived helper data with a time to live. Not durable: lost on restart (in-process) or on a
   * Redis flush; never use it for configuration, records, XP or balances.
   *
   * @return the plugin's ephemeral store
   */
  EphemeralStore ephemeral();

  /**
   * Opens one of the plugin's own tables, created by the plugin's changelog, as a table of records.
   * The record's components are checked against the table's columns when it is opened.
   *
   * @param name the table name; must start with {@code <plugin id>_}
   * @param recordType the record a row maps to; component {@code guildId} maps to column
   *     {@code guild_id}
   * @param <R> the record type
   * @return the table; cheap to keep and thread-safe
   * @throws StorageInvalidException if the name is not the plugin's, or the record does not match
   *     the table (the message names the plugin, the table and the names that differ)
   * @throws StorageNotFoundException if the table does not exist in the instance schema
   */
  <R extends Record> Table<R> table(String name, Class<R> recordType);

  /**
   * Runs {@code work} in one transaction: everything done through the {@link Transaction} commits
   * together when {@code work} returns, and nothing is kept if it throws.
   *
   * @param work the work; must use only the given transaction, not this service, to be atomic
   * @param <T> the result type
   * @return what {@code work} returned
   * @throws StorageException if the transaction could not commit; an exception thrown by
   *     {@code work} is rethrown as it is, after the rollback
   */
  <T> T withTransaction(Function<Transaction, T> work);

  /**
   * Like {@link #withTransaction(Function)} for work that returns nothing.
   *
   * @param work the work
   */
  default void useTransaction(Consumer<Transaction> work) {
    withTransaction(tx -> {
      work.accept(tx);
      return null;
    });
  }

  /**
   * The plugin's privacy hooks: what it exports and deletes when a person asks.
   *
   * @return the plugin's user-data registry
   */
  UserDataRegistry userData();
}
