package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.postgres.core.Identifiers;
import java.util.List;

/**
 * What increments of one column of one table write: the quoted names and types their statement is
 * built from, worked out once per table layout and column ({@link TableStatements#incrementTarget})
 * rather than for every call, since a caller's increment is otherwise only a key and a delta.
 */
final class IncrementTarget {

  private final String table;
  private final String column;
  private final List<String> keyColumns;
  private final List<String> keyTypes;
  private final String shape;
  private final String what;
  private final String upsertId;
  private final String updateFirstId;

  private IncrementTarget(String table, String column, List<String> keyColumns, List<String> keyTypes, String what) {
    this.table = table;
    this.column = column;
    this.keyColumns = keyColumns;
    this.keyTypes = keyTypes;
    StringBuilder shape = new StringBuilder(table).append(' ').append(column);
    for (int k = 0; k < keyColumns.size(); k++) {
      shape.append(' ').append(keyColumns.get(k)).append(' ').append(keyTypes.get(k));
    }
    this.shape = shape.toString();
    this.what = what;
    this.upsertId = IncrementStatements.ID_PREFIX + "upsert " + this.shape;
    this.updateFirstId = IncrementStatements.ID_PREFIX + "update-first " + this.shape;
  }

  /**
   * The target of increments of a column.
   *
   * @param pluginId the plugin, for error messages
   * @param table the table name, as in the catalog
   * @param column the column to add to, checked by the caller
   * @param primaryKey the table's primary key columns, in key order
   * @return the target
   */
  static IncrementTarget of(String pluginId, String table, ColumnInfo column, List<ColumnInfo> primaryKey) {
    return new IncrementTarget(Identifiers.quote(table), Identifiers.quote(column.name()),
        primaryKey.stream().map(c -> Identifiers.quote(c.name())).toList(),
        primaryKey.stream().map(ColumnInfo::sqlType).toList(),
        "plugin " + pluginId + ": increment " + column.name() + " in " + table);
  }

  /** The quoted table name. */
  String table() {
    return table;
  }

  /** The quoted column to add to. */
  String column() {
    return column;
  }

  /** The quoted primary key columns, in key order. */
  List<String> keyColumns() {
    return keyColumns;
  }

  /** The SQL types of the primary key columns, in key order, as the statement casts to them. */
  List<String> keyTypes() {
    return keyTypes;
  }

  /**
   * The table, the column and the key columns with their types: equal for two targets exactly when
   * their statements are (two record types over one table have a target each).
   */
  String shape() {
    return shape;
  }

  /** The id of the statement of the upsert form ({@link IncrementStatements}). */
  String upsertId() {
    return upsertId;
  }

  /** The id of the statement of the update-first form ({@link IncrementStatements}). */
  String updateFirstId() {
    return updateFirstId;
  }

  /** The operation, for error messages. */
  String what() {
    return what;
  }
}
