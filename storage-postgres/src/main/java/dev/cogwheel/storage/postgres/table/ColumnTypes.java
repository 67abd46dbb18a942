package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.Pid;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.util.PGobject;

/** Which Java types fit which column types, and how values cross between them. */
final class ColumnTypes {

  private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");
  private static final Set<String> TEXTS = Set.of("text", "varchar", "bpchar", "json", "jsonb", "citext");

  /** The component types each column type accepts, for records (strict: what reading back yields). */
  private static final Map<String, Set<Class<?>>> RECORD_TYPES = Map.ofEntries(
      Map.entry("int8", Set.of(long.class, Long.class)),
      Map.entry("int4", Set.of(int.class, Integer.class)),
      Map.entry("int2", Set.of(short.class, Short.class)),
      Map.entry("bool", Set.of(boolean.class, Boolean.class)),
      Map.entry("float8", Set.of(double.class, Double.class)),
      Map.entry("float4", Set.of(float.class, Float.class)),
      Map.entry("numeric", Set.of(BigDecimal.class)),
      Map.entry("timestamptz", Set.of(Instant.class, OffsetDateTime.class)),
      Map.entry("timestamp", Set.of(LocalDateTime.class)),
      Map.entry("date", Set.of(LocalDate.class)),
      Map.entry("uuid", Set.of(UUID.class)),
      Map.entry("bytea", Set.of(byte[].class)));

  private ColumnTypes() {}

  static boolean integer(ColumnInfo column) {
    return INTEGERS.contains(column.udt());
  }

  static boolean supported(ColumnInfo column) {
    return TEXTS.contains(column.udt()) || RECORD_TYPES.containsKey(column.udt());
  }

  /** Whether a record component of this type can hold the column's values. */
  static boolean fitsRecord(Class<?> type, ColumnInfo column) {
    if (TEXTS.contains(column.udt())) {
      return type == String.class || (!column.udt().startsWith("json") && (type == Pid.class || type.isEnum()));
    }
    return RECORD_TYPES.getOrDefault(column.udt(), Set.of()).contains(type);
  }

  /** Whether a value can be compared with or written to the column (numbers of a family mix freely). */
  static boolean fitsValue(Object value, ColumnInfo column) {
    if (integer(column)) {
      return value instanceof Long || value instanceof Integer || value instanceof Short;
    }
    if (column.udt().equals("float8") || column.udt().equals("float4") || column.udt().equals("numeric")) {
      return value instanceof Number;
    }
    return fitsRecord(value.getClass(), column);
  }

  /** The types to suggest for a column. */
  static String expected(ColumnInfo column) {
    if (TEXTS.contains(column.udt())) {
      return column.udt().startsWith("json") ? "String" : "String, Pid or an enum";
    }
    Set<Class<?>> types = RECORD_TYPES.get(column.udt());
    if (types == null) {
      return "nothing: column type " + column.sqlType() + " is not supported";
    }
    return types.stream().map(Class::getSimpleName).sorted().reduce((a, b) -> a + " or " + b).orElse("");
  }

  /** The value as the driver should bind it. */
  static Object toJdbc(Object value) {
    if (value instanceof Pid pid) {
      return pid.value();
    } else if (value instanceof Enum<?> e) {
      return e.name();
    } else if (value instanceof Instant instant) {
      return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    } else if (value instanceof UUID uuid) {
      // MyBatis has no type handler for UUID; the statement casts the text to uuid.
      return uuid.toString();
    }
    return value;
  }

  /** The value as text PostgreSQL can cast to the column's type (for array parameters). */
  static String toSqlText(Object value) {
    Object v = toJdbc(value);
    if (v instanceof byte[] bytes) {
      return "\\x" + HexFormat.of().formatHex(bytes);
    }
    return v.toString();
  }

  /** The column value read by the driver, as the component's type. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object fromJdbc(Object value, Class<?> type) {
    if (value == null) {
      return null;
    }
    if (value instanceof PGobject pg) {
      value = pg.getValue();
    }
    if (value instanceof Timestamp ts) {
      if (type == Instant.class) {
        return ts.toInstant();
      } else if (type == OffsetDateTime.class) {
        return OffsetDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC);
      }
      return ts.toLocalDateTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if ((type == short.class || type == Short.class) && value instanceof Integer i) {
      // The driver reads smallint as Integer, as JDBC prescribes.
      return i.shortValue();
    }
    if (type == Pid.class) {
      return new Pid(((String) value).trim());
    }
    if (type.isEnum()) {
      return Enum.valueOf((Class) type, ((String) value).trim());
    }
    return value;
  }
}
