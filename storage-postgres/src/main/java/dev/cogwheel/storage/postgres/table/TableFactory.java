package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.postgres.Identifiers;
import dev.cogwheel.storage.postgres.SessionRunner;
import dev.cogwheel.storage.table.Table;
import java.util.List;

/** Opens plugin tables: checks the name, reads the shape from the catalog and checks the record. */
public final class TableFactory {

  private final IncrementBatcher batcher;

  /**
   * Creates the factory.
   *
   * @param batcher group-commits increments made outside transactions
   */
  public TableFactory(IncrementBatcher batcher) {
    this.batcher = batcher;
  }

  /**
   * Opens a table.
   *
   * @param pluginId the plugin
   * @param name the table name
   * @param type the record type
   * @param runner where its statements run
   * @param <R> the record type
   * @return the table
   */
  public <R extends Record> Table<R> open(String pluginId, String name, Class<R> type, SessionRunner runner) {
    Identifiers.pluginTable(pluginId, name);
    TableShape shape = runner.run("plugin " + pluginId + ": open table " + name, s -> {
      CatalogMapper catalog = s.getMapper(CatalogMapper.class);
      List<ColumnInfo> columns = catalog.columns(name);
      return columns.isEmpty() ? null : TableShape.of(name, columns, catalog.primaryKey(name));
    });
    if (shape == null) {
      throw new StorageNotFoundException("plugin " + pluginId + ": table " + name + " does not exist in the"
          + " instance schema; create it in the plugin's changelog.", null);
    }
    return new PostgresTable<>(pluginId, shape, RecordCodec.create(pluginId, shape, type), runner, batcher);
  }
}
