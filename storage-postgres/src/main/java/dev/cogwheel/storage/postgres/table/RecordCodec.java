package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.StorageInvalidException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps one plugin record type to one table, checked against the catalog once when the table is opened.
 * Rows cross MyBatis as arrays of values, when written and when read ({@link RowValues}), so MyBatis
 * never sees a plugin class.
 */
final class RecordCodec<R extends Record> {

  private final String pluginId;
  private final String table;
  private final Class<R> type;
  private final RecordComponent[] components;
  private final Method[] accessors;
  private final ColumnInfo[] columns;
  private final ColumnInfo[] written;
  /** The canonical constructor, taking its arguments as one {@code Object[]}. */
  private final MethodHandle constructor;

  private RecordCodec(String pluginId, String table, Class<R> type, RecordComponent[] components,
      ColumnInfo[] columns) {
    this.pluginId = pluginId;
    this.table = table;
    this.type = type;
    this.components = components;
    this.columns = columns;
    this.written = Arrays.stream(columns).filter(c -> !c.generated()).toArray(ColumnInfo[]::new);
    this.accessors = new Method[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      accessors[i] = components[i].getAccessor();
      accessors[i].setAccessible(true);
      types[i] = components[i].getType();
    }
    try {
      Constructor<R> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      constructor = MethodHandles.lookup().unreflectConstructor(canonical)
          .asSpreader(Object[].class, components.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /**
   * Checks the record against the table's columns.
   *
   * @throws StorageInvalidException naming the plugin, the table and every name or type that differs
   */
  static <R extends Record> RecordCodec<R> create(String pluginId, TableShape shape, Class<R> type) {
    if (!type.isRecord()) {
      throw new StorageInvalidException("plugin " + pluginId + ": " + type.getName() + " is not a record.");
    }
    RecordComponent[] components = type.getRecordComponents();
    ColumnInfo[] mapped = new ColumnInfo[components.length];
    List<String> withoutColumn = new ArrayList<>();
    List<String> typeMismatches = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      ColumnInfo column = shape.column(columnName(component.getName()));
      if (column == null) {
        withoutColumn.add(component.getName() + " (column " + columnName(component.getName()) + ")");
      } else if (!ColumnTypes.fitsRecord(component.getType(), column)) {
        typeMismatches.add("component " + component.getName() + " is " + component.getType().getSimpleName()
            + " but column " + column.name() + " is " + column.sqlType() + " (use " + ColumnTypes.expected(column) + ")");
      } else if (!column.notNull() && component.getType().isPrimitive()) {
        typeMismatches.add("column " + column.name() + " allows NULL but component " + component.getName()
            + " is primitive " + component.getType() + " (use its boxed type, or make the column NOT NULL)");
      }
      mapped[i] = column;
    }
    List<String> requiredMissing = new ArrayList<>();
    for (ColumnInfo column : shape.columns()) {
      boolean present = false;
      for (ColumnInfo m : mapped) {
        present |= m == column;
      }
      if (!present && column.notNull() && !column.hasDefault()) {
        requiredMissing.add(column.name());
      }
    }
    if (!withoutColumn.isEmpty() || !requiredMissing.isEmpty() || !typeMismatches.isEmpty()) {
      StringBuilder message = new StringBuilder("plugin " + pluginId + ": record " + type.getSimpleName()
          + " does not match table " + shape.name() + ".");
      if (!withoutColumn.isEmpty()) {
        message.append(" Components without a column: ").append(withoutColumn).append('.');
      }
      if (!requiredMissing.isEmpty()) {
        message.append(" NOT NULL columns without a default that the record lacks: ").append(requiredMissing).append('.');
      }
      if (!typeMismatches.isEmpty()) {
        message.append(" Types that differ: ").append(String.join("; ", typeMismatches)).append('.');
      }
      message.append(" Table columns: ").append(shape.columnNames()).append('.');
      throw new StorageInvalidException(message.toString());
    }
    return new RecordCodec<>(pluginId, shape.name(), type, components, mapped);
  }

  /** Component {@code guildId} maps to column {@code guild_id}. */
  static String columnName(String componentName) {
    StringBuilder out = new StringBuilder(componentName.length() + 4);
    for (char c : componentName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  ColumnInfo[] columns() {
    return columns;
  }

  /** The columns a row writes: the record's columns in component order, less generated ones. */
  ColumnInfo[] written() {
    return written;
  }

  /** The row's values of the {@link #written()} columns, checked for NULL and length limits. */
  Object[] values(R row) {
    if (row == null) {
      throw new StorageInvalidException("plugin " + pluginId + ": a row of " + table + " cannot be null.");
    }
    Object[] values = new Object[written.length];
    int w = 0;
    for (int i = 0; i < components.length; i++) {
      Object value;
      try {
        value = accessors[i].invoke(row);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read record component " + components[i].getName(), e);
      }
      ColumnInfo column = columns[i];
      if (value == null && column.notNull() && !column.hasDefault()) {
        throw new StorageInvalidException("plugin " + pluginId + ": " + table + "." + column.name()
            + " is NOT NULL but component " + components[i].getName() + " is null.");
      }
      checkLength(column, value);
      if (!column.generated()) {
        values[w++] = value;
      }
    }
    return values;
  }

  void checkLength(ColumnInfo column, Object value) {
    if (column.maxLength() != null && value instanceof String s && s.length() > column.maxLength()) {
      throw new StorageInvalidException("plugin " + pluginId + ": value for " + table + "." + column.name()
          + " is " + s.length() + " characters; the column allows at most " + column.maxLength() + ".");
    }
    if (value instanceof String s && s.length() > 1_000_000
        && s.getBytes(StandardCharsets.UTF_8).length > 10 * 1024 * 1024) {
      throw new StorageInvalidException("plugin " + pluginId + ": value for " + table + "." + column.name()
          + " is larger than 10 MiB, the limit for one value.");
    }
  }

  /** Builds a record from a row read in the order of {@link #columns()}. */
  R read(RowValues row) {
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      Object value = row.get(i);
      Class<?> target = components[i].getType();
      if (value == null && target.isPrimitive()) {
        throw new StorageInvalidException("plugin " + pluginId + ": " + table + "." + columns[i].name()
            + " is NULL but component " + components[i].getName() + " is primitive " + target + ".");
      }
      try {
        args[i] = ColumnTypes.fromJdbc(value, target);
      } catch (IllegalArgumentException e) {
        throw new StorageInvalidException("plugin " + pluginId + ": " + table + "." + columns[i].name()
            + " holds a value that is not a valid " + target.getSimpleName() + " (" + e.getMessage() + ").");
      }
    }
    try {
      return type.cast(constructor.invokeExact(args));
    } catch (RuntimeException e) {
      // The arguments have the components' types, so this is the record's own check refusing them.
      throw new StorageInvalidException("plugin " + pluginId + ": record " + type.getSimpleName()
          + " refused a row of " + table + ": " + e.getMessage(), e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      // A canonical constructor cannot declare checked exceptions.
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }
}
