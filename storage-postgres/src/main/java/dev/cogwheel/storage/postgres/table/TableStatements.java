package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.postgres.core.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.ibatis.builder.StaticSqlSource;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.session.Configuration;

/**
 * The statements by key of one table for one record's columns (find, insert, upsert, update, delete),
 * built once and registered on the MyBatis configuration as mapped statements with static SQL:
 * rendering {@code TableMapper.xml}'s dynamic SQL and auto-mapping the row on every call took most of
 * the CPU of a find, although for a given table and record nothing changes.
 *
 * <p>Identifiers come from the catalog, quoted; every value is a bind parameter. Parameters are passed
 * as {@link StatementValues} of driver values ({@link ColumnTypes#toJdbc}) in placeholder order, each
 * bound as the type handler for its runtime class binds it, as the dynamic statements bind them (a key
 * of a bigint column may be an Integer). Rows come back as {@link RowValues} in the record's column
 * order, so MyBatis never sees a plugin class.
 */
final class TableStatements {

  /**
   * What the statements depend on: a record's columns over a table.
   *
   * @param table the table name
   * @param columns the record's columns, in component order
   * @param primaryKey the primary key columns in key order; empty if none
   */
  record Layout(String table, List<ColumnInfo> columns, List<ColumnInfo> primaryKey) {}

  private final String table;
  private final Map<String, IncrementTarget> increments = new ConcurrentHashMap<>();
  private final String find;
  private final String insert;
  private final String upsert;
  private final String update;
  private final String delete;
  private final boolean[] key;
  private final int[] keyPositions;
  private final int[] updateParameters;

  private TableStatements(String table, String find, String insert, String upsert, String update, String delete,
      boolean[] key, int[] keyPositions, int[] updateParameters) {
    this.table = table;
    this.find = find;
    this.insert = insert;
    this.upsert = upsert;
    this.update = update;
    this.delete = delete;
    this.key = key;
    this.keyPositions = keyPositions;
    this.updateParameters = updateParameters;
  }

  /**
   * Builds the statements and adds them to the configuration, under ids that start with {@code idPrefix}.
   *
   * @param configuration the session factory's configuration
   * @param idPrefix unique in the configuration, ending with a dot
   * @param layout the table, the record's columns and the key
   * @return the statement ids and the order of their parameters
   */
  static TableStatements register(Configuration configuration, String idPrefix, Layout layout) {
    String table = Identifiers.quote(layout.table());
    List<ColumnInfo> pk = layout.primaryKey();
    List<ColumnInfo> written = layout.columns().stream().filter(c -> !c.generated()).toList();

    boolean[] key = new boolean[written.size()];
    int[] keyPositions = new int[pk.size()];
    for (int k = 0; k < pk.size(); k++) {
      keyPositions[k] = written.indexOf(pk.get(k));
    }
    List<Integer> sets = new ArrayList<>();
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      key[i] = pk.contains(written.get(i));
      if (key[i]) {
        keys.add(i);
      } else {
        sets.add(i);
      }
    }

    StringJoiner names = new StringJoiner(",");
    StringJoiner values = new StringJoiner(",");
    for (ColumnInfo c : written) {
      names.add(Identifiers.quote(c.name()));
      values.add(parameter(c));
    }
    String insertSql = "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ")";
    String insert = add(configuration, idPrefix + "insert", SqlCommandType.INSERT, insertSql, null);
    if (pk.isEmpty()) {
      return new TableStatements(layout.table(), null, insert, null, null, null, key, keyPositions, null);
    }

    StringJoiner selected = new StringJoiner(",");
    for (ColumnInfo c : layout.columns()) {
      selected.add(Identifiers.quote(c.name()));
    }
    String byKey = where(pk);
    ResultMap rows = new ResultMap.Builder(configuration, idPrefix + "row", RowValues.class, List.of(), false).build();
    String find = add(configuration, idPrefix + "find", SqlCommandType.SELECT,
        "SELECT " + selected + " FROM " + table + byKey, rows);
    String delete = add(configuration, idPrefix + "delete", SqlCommandType.DELETE, "DELETE FROM " + table + byKey, null);

    StringJoiner conflict = new StringJoiner(",");
    pk.forEach(c -> conflict.add(Identifiers.quote(c.name())));
    StringJoiner replaced = new StringJoiner(",");
    for (int i : sets) {
      String column = Identifiers.quote(written.get(i).name());
      replaced.add(column + " = EXCLUDED." + column);
    }
    String upsertSql = insertSql + " ON CONFLICT (" + conflict + ")"
        + (sets.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + replaced);
    String upsert = add(configuration, idPrefix + "upsert", SqlCommandType.INSERT, upsertSql, null);

    // update() checks for a missing key column, and finds instead when there is nothing to set.
    String update = null;
    int[] updateParameters = null;
    if (!sets.isEmpty() && keys.size() == pk.size()) {
      StringJoiner assignments = new StringJoiner(",");
      sets.forEach(i -> assignments.add(Identifiers.quote(written.get(i).name()) + " = " + parameter(written.get(i))));
      List<ColumnInfo> keyColumns = keys.stream().map(written::get).toList();
      update = add(configuration, idPrefix + "update", SqlCommandType.UPDATE,
          "UPDATE " + table + " SET " + assignments + where(keyColumns), null);
      updateParameters = Stream.concat(sets.stream(), keys.stream()).mapToInt(Integer::intValue).toArray();
    }
    return new TableStatements(layout.table(), find, insert, upsert, update, delete, key, keyPositions,
        updateParameters);
  }

  /**
   * The target of increments of a column, built on first use and shared by every table opened with
   * this layout, so that their increments of one column group into one statement cheaply.
   *
   * @param pluginId the plugin that owns the table
   * @param column a column outside the primary key that can be incremented
   * @param primaryKey the table's primary key columns
   * @return the target
   */
  IncrementTarget incrementTarget(String pluginId, ColumnInfo column, List<ColumnInfo> primaryKey) {
    return increments.computeIfAbsent(column.name(), name -> IncrementTarget.of(pluginId, table, column, primaryKey));
  }

  /** Finds one row by the key values (in key order); null without a primary key. */
  String find() {
    return find;
  }

  /** Inserts the written values (those of {@link RecordCodec#written()}). */
  String insert() {
    return insert;
  }

  /** Inserts the written values or, on a key conflict, replaces the other written columns; null without a key. */
  String upsert() {
    return upsert;
  }

  /**
   * Sets the written columns outside the key where the key matches, parameters in the order of
   * {@link #updateParameters()}; null without a key, when the record lacks a key column, or when it
   * has no column outside the key.
   */
  String update() {
    return update;
  }

  /** Deletes one row by the key values (in key order); null without a primary key. */
  String delete() {
    return delete;
  }

  /** Whether each written column is in the primary key. */
  boolean[] key() {
    return key;
  }

  /** For each primary key column, its index among the written columns, or -1 if the record lacks it. */
  int[] keyPositions() {
    return keyPositions;
  }

  /** For each parameter of {@link #update()}, the index of its written column. */
  int[] updateParameters() {
    return updateParameters;
  }

  private static String parameter(ColumnInfo column) {
    return "CAST(? AS " + column.sqlType() + ")";
  }

  private static String where(List<ColumnInfo> columns) {
    StringJoiner conditions = new StringJoiner(" AND ", " WHERE ", "");
    columns.forEach(c -> conditions.add(Identifiers.quote(c.name()) + " = " + parameter(c)));
    return conditions.toString();
  }

  private static String add(Configuration configuration, String id, SqlCommandType command, String sql, ResultMap rows) {
    // No parameter mappings: StatementValues.BINDER binds the values in order (see StatementValues).
    MappedStatement.Builder statement = new MappedStatement.Builder(configuration, id,
        new StaticSqlSource(configuration, sql), command)
        .resource(TableStatements.class.getName())
        .lang(StatementValues.BINDER)
        .flushCacheRequired(true)
        .useCache(false);
    if (rows != null) {
      statement.resultMaps(List.of(rows));
    }
    configuration.addMappedStatement(statement.build());
    return id;
  }
}
