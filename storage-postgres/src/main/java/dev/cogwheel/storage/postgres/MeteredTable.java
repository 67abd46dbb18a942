package dev.cogwheel.storage.postgres;

import dev.cogwheel.storage.postgres.core.StorageMetrics;
import dev.cogwheel.storage.postgres.core.StorageMetrics.Operation;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A plugin table whose operations are timed on {@link StorageMetrics}. A wrapper rather than timing
 * inside the table, so the meters see exactly what the plugin sees, an increment included until its
 * group commit completes.
 */
final class MeteredTable<R extends Record> implements Table<R> {

  private final Table<R> table;
  private final StorageMetrics metrics;

  MeteredTable(Table<R> table, StorageMetrics metrics) {
    this.table = table;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return table.name();
  }

  @Override
  public List<String> keyColumns() {
    return table.keyColumns();
  }

  @Override
  public void insert(R row) {
    metrics.time(Operation.TABLE_INSERT, () -> {
      table.insert(row);
      return null;
    });
  }

  @Override
  public void upsert(R row) {
    metrics.time(Operation.TABLE_UPSERT, () -> {
      table.upsert(row);
      return null;
    });
  }

  @Override
  public Optional<R> find(Key key) {
    return metrics.time(Operation.TABLE_FIND, () -> table.find(key));
  }

  @Override
  public List<R> query(Query query) {
    return metrics.time(Operation.TABLE_QUERY, () -> table.query(query));
  }

  @Override
  public long count(Query query) {
    return metrics.time(Operation.TABLE_COUNT, () -> table.count(query));
  }

  @Override
  public boolean update(R row) {
    return metrics.time(Operation.TABLE_UPDATE, () -> table.update(row));
  }

  @Override
  public boolean delete(Key key) {
    return metrics.time(Operation.TABLE_DELETE, () -> table.delete(key));
  }

  @Override
  public int deleteWhere(Query query) {
    return metrics.time(Operation.TABLE_DELETE, () -> table.deleteWhere(query));
  }

  @Override
  public CompletableFuture<Long> incrementAsync(Key key, String column, long delta) {
    long start = System.nanoTime();
    CompletableFuture<Long> result;
    try {
      result = table.incrementAsync(key, column, delta);
    } catch (RuntimeException | Error e) {
      metrics.record(Operation.TABLE_INCREMENT, start, e);
      throw e;
    }
    // The caller gets the table's own future; the recording is a dependent of it, not in its way.
    result.whenComplete((value, failure) -> metrics.record(Operation.TABLE_INCREMENT, start, failure));
    return result;
  }

  @Override
  public long increment(Key key, String column, long delta) {
    return metrics.time(Operation.TABLE_INCREMENT, () -> table.increment(key, column, delta));
  }
}
