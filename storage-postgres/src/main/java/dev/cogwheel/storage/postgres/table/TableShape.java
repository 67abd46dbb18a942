package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.postgres.core.Identifiers;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A table's columns and primary key, read from the catalog.
 *
 * @param name the table name
 * @param columns the columns in table order
 * @param primaryKey the primary key columns in key order; empty if none
 * @param byName the columns by name
 */
record TableShape(String name, List<ColumnInfo> columns, List<ColumnInfo> primaryKey, Map<String, ColumnInfo> byName) {

  static TableShape of(String name, List<ColumnInfo> columns, List<String> primaryKey) {
    Map<String, ColumnInfo> byName = columns.stream().collect(Collectors.toUnmodifiableMap(ColumnInfo::name, Function.identity()));
    return new TableShape(name, List.copyOf(columns), primaryKey.stream().map(byName::get).toList(), byName);
  }

  ColumnInfo column(String name) {
    return byName.get(name);
  }

  List<String> columnNames() {
    return columns.stream().map(ColumnInfo::name).toList();
  }

  String quotedName() {
    return Identifiers.quote(name);
  }
}
