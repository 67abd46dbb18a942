package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.core.Identifiers;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.table.Filter;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Operator;
import dev.cogwheel.storage.table.Order;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A plugin table, auto-committed or inside a transaction. Operations by key run the table's {@link
 * TableStatements}; queries, counts and deletes by condition run {@link TableMapper}'s dynamic SQL.
 */
final class PostgresTable<R extends Record> implements Table<R> {

  private final String pluginId;
  private final TableShape shape;
  private final RecordCodec<R> codec;
  private final TableStatements statements;
  private final SessionRunner runner;
  private final IncrementBatcher batcher;
  private final List<String> selectColumns;
  private final String whatInsert;
  private final String whatUpsert;
  private final String whatFind;
  private final String whatQuery;
  private final String whatCount;
  private final String whatUpdate;
  private final String whatDelete;

  PostgresTable(String pluginId, TableShape shape, RecordCodec<R> codec, TableStatements statements,
      SessionRunner runner, IncrementBatcher batcher) {
    this.pluginId = pluginId;
    this.shape = shape;
    this.codec = codec;
    this.statements = statements;
    this.runner = runner;
    this.batcher = batcher;
    List<String> columns = new ArrayList<>();
    for (ColumnInfo c : codec.columns()) {
      columns.add(Identifiers.quote(c.name()));
    }
    this.selectColumns = List.copyOf(columns);
    this.whatInsert = what("insert into");
    this.whatUpsert = what("upsert into");
    this.whatFind = what("find in");
    this.whatQuery = what("query");
    this.whatCount = what("count");
    this.whatUpdate = what("update");
    this.whatDelete = what("delete from");
  }

  @Override
  public String name() {
    return shape.name();
  }

  @Override
  public List<String> keyColumns() {
    return shape.primaryKey().stream().map(ColumnInfo::name).toList();
  }

  @Override
  public void insert(R row) {
    StatementValues values = new StatementValues(toJdbc(codec.values(row)));
    runner.run(whatInsert, s -> s.insert(statements.insert(), values));
  }

  @Override
  public void upsert(R row) {
    requireKey("upsert");
    StatementValues values = new StatementValues(toJdbc(codec.values(row)));
    runner.run(whatUpsert, s -> s.insert(statements.upsert(), values));
  }

  @Override
  public Optional<R> find(Key key) {
    StatementValues values = new StatementValues(keyValues(key));
    List<RowValues> rows = runner.run(whatFind, s -> s.selectList(statements.find(), values));
    return rows.isEmpty() ? Optional.empty() : Optional.of(codec.read(rows.get(0)));
  }

  @Override
  public List<R> query(Query query) {
    List<String> orders = new ArrayList<>();
    for (Order order : query.orders()) {
      orders.add(Identifiers.quote(resolve(order.column()).name()) + (order.descending() ? " DESC" : " ASC"));
    }
    Map<String, Object> statement = select(filters(query.filters()), orders, query.limit(), query.offset());
    List<RowValues> rows = runner.run(whatQuery, s -> s.getMapper(TableMapper.class).select(statement));
    List<R> records = new ArrayList<>(rows.size());
    for (RowValues row : rows) {
      records.add(codec.read(row));
    }
    return records;
  }

  @Override
  public long count(Query query) {
    Map<String, Object> statement = statement();
    statement.put("where", filters(query.filters()));
    return runner.run(whatCount, s -> s.getMapper(TableMapper.class).count(statement));
  }

  @Override
  public boolean update(R row) {
    requireKey("update");
    Object[] values = codec.values(row);
    ColumnInfo[] written = codec.written();
    boolean[] key = statements.key();
    int keyColumnsWritten = 0;
    for (int i = 0; i < written.length; i++) {
      if (key[i]) {
        checkValue(written[i], values[i]);
        keyColumnsWritten++;
      }
    }
    if (keyColumnsWritten != shape.primaryKey().size()) {
      throw invalid("record " + row.getClass().getSimpleName() + " lacks primary key columns of " + name()
          + " " + keyColumns() + "; update needs them all.");
    }
    if (statements.update() == null) {
      return find(keyOf(values)).isPresent();
    }
    int[] order = statements.updateParameters();
    Object[] parameters = new Object[order.length];
    for (int p = 0; p < order.length; p++) {
      parameters[p] = toJdbc(values[order[p]]);
    }
    StatementValues bound = new StatementValues(parameters);
    return runner.run(whatUpdate, s -> s.update(statements.update(), bound)) > 0;
  }

  @Override
  public boolean delete(Key key) {
    StatementValues values = new StatementValues(keyValues(key));
    return runner.run(whatDelete, s -> s.delete(statements.delete(), values)) > 0;
  }

  @Override
  public int deleteWhere(Query query) {
    if (query.filters().isEmpty()) {
      throw invalid("deleteWhere on " + name() + " needs at least one condition; it never deletes every row.");
    }
    Map<String, Object> statement = statement();
    statement.put("where", filters(query.filters()));
    return runner.run(whatDelete, s -> s.getMapper(TableMapper.class).delete(statement));
  }

  @Override
  public CompletableFuture<Long> incrementAsync(Key key, String column, long delta) {
    IncrementRequest request = incrementRequest(key, column, delta);
    if (runner.inTransaction()) {
      return CompletableFuture.completedFuture(IncrementBatcher.runNow(runner, request));
    }
    batcher.submit(request);
    return request.result();
  }

  @Override
  public long increment(Key key, String column, long delta) {
    try {
      return incrementAsync(key, column, delta).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private IncrementRequest incrementRequest(Key key, String column, long delta) {
    requireKey("increment");
    ColumnInfo target = resolve(column);
    if (!ColumnTypes.integer(target) || shape.primaryKey().contains(target)) {
      throw invalid("cannot increment " + name() + "." + target.name() + " (" + target.sqlType()
          + "): increments need a smallint, integer or bigint column outside the primary key.");
    }
    checkKey(key);
    List<Object> values = key.values();
    String[] texts = new String[values.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = ColumnTypes.toSqlText(values.get(i));
    }
    return new IncrementRequest(statements.incrementTarget(pluginId, target, shape.primaryKey()), texts, delta);
  }

  private Map<String, Object> select(List<Map<String, Object>> where, List<String> orders, int limit, int offset) {
    Map<String, Object> statement = statement();
    statement.put("columns", selectColumns);
    statement.put("where", where);
    statement.put("orders", orders);
    statement.put("limit", limit);
    statement.put("offset", offset);
    return statement;
  }

  private Map<String, Object> statement() {
    Map<String, Object> statement = new HashMap<>();
    statement.put("table", shape.quotedName());
    return statement;
  }

  /** The written values as the driver binds them, converted in place. */
  private static Object[] toJdbc(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = toJdbc(values[i]);
    }
    return values;
  }

  private static Object toJdbc(Object value) {
    return value == null ? null : ColumnTypes.toJdbc(value);
  }

  /** The key's values in key order, checked, as the driver binds them. */
  private Object[] keyValues(Key key) {
    requireKey("find by key");
    checkKey(key);
    Object[] values = new Object[key.values().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = ColumnTypes.toJdbc(key.values().get(i));
    }
    return values;
  }

  private Key keyOf(Object[] values) {
    int[] positions = statements.keyPositions();
    Object[] key = new Object[positions.length];
    for (int k = 0; k < key.length; k++) {
      key[k] = values[positions[k]];
    }
    return Key.of(key);
  }

  private void checkKey(Key key) {
    List<ColumnInfo> pk = shape.primaryKey();
    if (key.values().size() != pk.size()) {
      throw invalid("a key of " + name() + " has " + pk.size() + " value(s) for " + keyColumns() + ", got "
          + key.values().size() + ".");
    }
    for (int i = 0; i < pk.size(); i++) {
      checkValue(pk.get(i), key.values().get(i));
    }
  }

  private List<Map<String, Object>> filters(List<Filter> filters) {
    List<Map<String, Object>> where = new ArrayList<>();
    for (Filter f : filters) {
      where.add(comparison(resolve(f.column()), f.operator(), f.value()));
    }
    return where;
  }

  private Map<String, Object> comparison(ColumnInfo column, Operator operator, Object value) {
    Map<String, Object> f = new HashMap<>();
    f.put("col", Identifiers.quote(column.name()));
    f.put("type", column.sqlType());
    switch (operator) {
      case IS_NULL -> { f.put("kind", "null"); f.put("op", "IS NULL"); }
      case IS_NOT_NULL -> { f.put("kind", "null"); f.put("op", "IS NOT NULL"); }
      case IN -> {
        List<Object> values = new ArrayList<>();
        for (Object v : (Collection<?>) value) {
          checkValue(column, v);
          values.add(ColumnTypes.toJdbc(v));
        }
        f.put("kind", "in");
        f.put("items", values);
      }
      default -> {
        checkValue(column, value);
        f.put("kind", "cmp");
        f.put("op", switch (operator) {
          case EQ -> "=";
          case NE -> "<>";
          case LT -> "<";
          case LE -> "<=";
          case GT -> ">";
          default -> ">=";
        });
        f.put("value", ColumnTypes.toJdbc(value));
      }
    }
    return f;
  }

  private void checkValue(ColumnInfo column, Object value) {
    if (value == null) {
      throw invalid("a value compared with " + name() + "." + column.name() + " is null; use IS_NULL.");
    }
    if (!ColumnTypes.fitsValue(value, column)) {
      throw invalid("a " + value.getClass().getSimpleName() + " cannot be compared with " + name() + "."
          + column.name() + " (" + column.sqlType() + "); use " + ColumnTypes.expected(column) + ".");
    }
    codec.checkLength(column, value);
  }

  private ColumnInfo resolve(String name) {
    ColumnInfo column = shape.column(name);
    if (column == null) {
      column = shape.column(RecordCodec.columnName(name));
    }
    if (column == null) {
      throw invalid("table " + name() + " has no column '" + name + "'; its columns are " + shape.columnNames() + ".");
    }
    return column;
  }

  private void requireKey(String operation) {
    if (shape.primaryKey().isEmpty()) {
      throw invalid(operation + " needs a primary key, and table " + name()
          + " has none; add one in the plugin's changelog.");
    }
  }

  private StorageInvalidException invalid(String message) {
    return new StorageInvalidException("plugin " + pluginId + ": " + message);
  }

  private String what(String operation) {
    return "plugin " + pluginId + ": " + operation + " " + name();
  }
}
