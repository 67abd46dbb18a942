package dev.cogwheel.storage.postgres.table;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.ibatis.executor.parameter.ParameterHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;

/**
 * The values of a {@link TableStatements} statement, bound in order: the parameter object of those
 * statements, and the MyBatis language driver that binds it ({@link #BINDER}).
 *
 * <p>Every value is a driver value ({@link ColumnTypes#toJdbc}) and is bound as MyBatis's type
 * handler for its runtime class binds it, which is what the statements' SQL casts from. Binding
 * positionally here spares MyBatis's generic path, which for every value of every call parsed the
 * property name {@code array[i]}, read it through a {@code MetaObject} (once for the cache key, once
 * for the statement) and looked the type handler up by class. Since the statements declare no
 * parameter mappings, the cache key of a query holds no values; the statements are therefore all
 * {@code flushCache}, and the session factory keeps its local cache to the statement, so no cached
 * result can ever answer another call.
 */
final class StatementValues {

  /** Binds {@link StatementValues} parameter objects. */
  static final XMLLanguageDriver BINDER = new XMLLanguageDriver() {
    @Override
    public ParameterHandler createParameterHandler(MappedStatement statement, Object parameterObject, BoundSql boundSql) {
      return new Binding(statement.getConfiguration(), (StatementValues) parameterObject);
    }
  };

  private final Object[] values;

  /**
   * @param values the driver values, in the order of the statement's placeholders; each may be null
   */
  StatementValues(Object[] values) {
    this.values = values;
  }

  private record Binding(Configuration configuration, StatementValues parameters) implements ParameterHandler {

    @Override
    public Object getParameterObject() {
      return parameters;
    }

    @Override
    public void setParameters(PreparedStatement ps) throws SQLException {
      Object[] values = parameters.values;
      for (int i = 0; i < values.length; i++) {
        Object value = values[i];
        // The common key and value types directly, as their MyBatis type handlers bind them; the rest,
        // and NULL (as the configured JDBC type for null), through MyBatis's handler for the class.
        if (value instanceof Long l) {
          ps.setLong(i + 1, l);
        } else if (value instanceof String s) {
          ps.setString(i + 1, s);
        } else if (value instanceof Integer n) {
          ps.setInt(i + 1, n);
        } else {
          @SuppressWarnings("unchecked")
          TypeHandler<Object> byClass = (TypeHandler<Object>) configuration.getTypeHandlerRegistry().getUnknownTypeHandler();
          JdbcType forNull = value == null ? configuration.getJdbcTypeForNull() : null;
          byClass.setParameter(ps, i + 1, value, forNull);
        }
      }
    }
  }
}
