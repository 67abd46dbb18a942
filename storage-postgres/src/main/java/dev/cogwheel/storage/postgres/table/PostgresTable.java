package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.Identifiers;
import dev.cogwheel.storage.postgres.SessionRunner;
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

/** A plugin table reached through {@link TableMapper}, auto-committed or inside a transaction. */
final class PostgresTable<R extends Record> implements Table<R> {

  private final String pluginId;
  private final TableShape shape;
  private final RecordCodec<R> codec;
  private final SessionRunner runner;
  private final IncrementBatcher batcher;
  private final List<String> selectColumns;

  PostgresTable(String pluginId, TableShape shape, RecordCodec<R> codec, SessionRunner runner, IncrementBatcher batcher) {
    this.pluginId = pluginId;
    this.shape = shape;
    this.codec = codec;
    this.runner = runner;
    this.batcher = batcher;
    List<String> columns = new ArrayList<>();
    for (ColumnInfo c : codec.columns()) {
      columns.add(Identifiers.quote(c.name()));
    }
    this.selectColumns = List.copyOf(columns);
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
    Map<String, Object> statement = statement();
    statement.put("values", values(codec.values(row)));
    statement.put("conflict", null);
    runner.run(what("insert into"), s -> s.getMapper(TableMapper.class).insert(statement));
  }

  @Override
  public void upsert(R row) {
    requireKey("upsert");
    Map<ColumnInfo, Object> values = codec.values(row);
    Map<String, Object> statement = statement();
    statement.put("values", values(values));
    statement.put("conflict", quoted(shape.primaryKey()));
    List<String> updates = new ArrayList<>();
    for (ColumnInfo c : values.keySet()) {
      if (!shape.primaryKey().contains(c)) {
        updates.add(Identifiers.quote(c.name()));
      }
    }
    statement.put("updates", updates);
    runner.run(what("upsert into"), s -> s.getMapper(TableMapper.class).insert(statement));
  }

  @Override
  public Optional<R> find(Key key) {
    Map<String, Object> statement = select(keyFilters(key), List.of(), 0, 0);
    List<Map<String, Object>> rows = runner.run(what("find in"), s -> s.getMapper(TableMapper.class).select(statement));
    return rows.isEmpty() ? Optional.empty() : Optional.of(codec.read(rows.get(0)));
  }

  @Override
  public List<R> query(Query query) {
    List<String> orders = new ArrayList<>();
    for (Order order : query.orders()) {
      orders.add(Identifiers.quote(resolve(order.column()).name()) + (order.descending() ? " DESC" : " ASC"));
    }
    Map<String, Object> statement = select(filters(query.filters()), orders, query.limit(), query.offset());
    List<Map<String, Object>> rows = runner.run(what("query"), s -> s.getMapper(TableMapper.class).select(statement));
    List<R> records = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      records.add(codec.read(row));
    }
    return records;
  }

  @Override
  public long count(Query query) {
    Map<String, Object> statement = statement();
    statement.put("where", filters(query.filters()));
    return runner.run(what("count"), s -> s.getMapper(TableMapper.class).count(statement));
  }

  @Override
  public boolean update(R row) {
    requireKey("update");
    Map<ColumnInfo, Object> values = codec.values(row);
    List<Map<String, Object>> sets = new ArrayList<>();
    List<Map<String, Object>> where = new ArrayList<>();
    for (Map.Entry<ColumnInfo, Object> e : values.entrySet()) {
      if (shape.primaryKey().contains(e.getKey())) {
        where.add(comparison(e.getKey(), Operator.EQ, e.getValue()));
      } else {
        sets.add(value(e.getKey(), e.getValue()));
      }
    }
    if (where.size() != shape.primaryKey().size()) {
      throw invalid("record " + row.getClass().getSimpleName() + " lacks primary key columns of " + name()
          + " " + keyColumns() + "; update needs them all.");
    }
    if (sets.isEmpty()) {
      return find(keyOf(values)).isPresent();
    }
    Map<String, Object> statement = statement();
    statement.put("values", sets);
    statement.put("where", where);
    return runner.run(what("update"), s -> s.getMapper(TableMapper.class).update(statement)) > 0;
  }

  @Override
  public boolean delete(Key key) {
    Map<String, Object> statement = statement();
    statement.put("where", keyFilters(key));
    return runner.run(what("delete from"), s -> s.getMapper(TableMapper.class).delete(statement)) > 0;
  }

  @Override
  public int deleteWhere(Query query) {
    if (query.filters().isEmpty()) {
      throw invalid("deleteWhere on " + name() + " needs at least one condition; it never deletes every row.");
    }
    Map<String, Object> statement = statement();
    statement.put("where", filters(query.filters()));
    return runner.run(what("delete from"), s -> s.getMapper(TableMapper.class).delete(statement));
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
    List<Map<String, Object>> keys = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < shape.primaryKey().size(); i++) {
      ColumnInfo c = shape.primaryKey().get(i);
      keys.add(Map.of("alias", "k" + i, "col", Identifiers.quote(c.name()), "type", c.sqlType()));
      texts.add(ColumnTypes.toSqlText(key.values().get(i)));
    }
    return new IncrementRequest(shape.quotedName(), List.copyOf(keys), Identifiers.quote(target.name()),
        List.copyOf(texts), delta, what("increment " + target.name() + " in"), new CompletableFuture<>());
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

  private List<Map<String, Object>> values(Map<ColumnInfo, Object> values) {
    List<Map<String, Object>> list = new ArrayList<>(values.size());
    values.forEach((column, value) -> list.add(value(column, value)));
    return list;
  }

  private static Map<String, Object> value(ColumnInfo column, Object value) {
    Map<String, Object> entry = new HashMap<>();
    entry.put("col", Identifiers.quote(column.name()));
    entry.put("type", column.sqlType());
    entry.put("value", value == null ? null : ColumnTypes.toJdbc(value));
    return entry;
  }

  private List<Map<String, Object>> keyFilters(Key key) {
    requireKey("find by key");
    checkKey(key);
    List<Map<String, Object>> where = new ArrayList<>();
    for (int i = 0; i < shape.primaryKey().size(); i++) {
      where.add(comparison(shape.primaryKey().get(i), Operator.EQ, key.values().get(i)));
    }
    return where;
  }

  private Key keyOf(Map<ColumnInfo, Object> values) {
    return new Key(shape.primaryKey().stream().map(values::get).toList());
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

  private List<String> quoted(List<ColumnInfo> columns) {
    return columns.stream().map(c -> Identifiers.quote(c.name())).toList();
  }

  private StorageInvalidException invalid(String message) {
    return new StorageInvalidException("plugin " + pluginId + ": " + message);
  }

  private String what(String operation) {
    return "plugin " + pluginId + ": " + operation + " " + name();
  }
}
