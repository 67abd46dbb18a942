package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.postgres.core.Identifiers;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.table.Table;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Opens plugin tables: checks the name, reads the shape from the catalog and checks the record. The
 * statements by key are built the first time a table is opened with a record of given columns, and
 * shared by every later opening; a table whose columns change gets new ones.
 */
public final class TableFactory {

  private final Configuration configuration;
  private final IncrementBatcher batcher;
  private final Map<TableStatements.Layout, TableStatements> statements = new ConcurrentHashMap<>();
  private final AtomicInteger registered = new AtomicInteger();

  /**
   * Creates the factory; there is one per session factory, as statement ids are unique only within it.
   *
   * @param sessions the session factory whose configuration receives the tables' statements
   * @param batcher group-commits increments made outside transactions
   */
  public TableFactory(SqlSessionFactory sessions, IncrementBatcher batcher) {
    this.configuration = sessions.getConfiguration();
    this.batcher = batcher;
    RowValues.register(configuration.getTypeHandlerRegistry());
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
    RecordCodec<R> codec = RecordCodec.create(pluginId, shape, type);
    TableStatements tableStatements = statements.computeIfAbsent(
        new TableStatements.Layout(name, List.of(codec.columns()), shape.primaryKey()),
        layout -> TableStatements.register(configuration, "cogwheel.table." + name + "." + registered.incrementAndGet() + ".",
            layout));
    return new PostgresTable<>(pluginId, shape, codec, tableStatements, runner, batcher);
  }
}
