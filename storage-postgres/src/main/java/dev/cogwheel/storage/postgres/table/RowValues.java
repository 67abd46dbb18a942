package dev.cogwheel.storage.postgres.table;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.executor.resultset.ResultSetHandler;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandlerRegistry;

/**
 * One row of a plugin table as the driver read it, column by column in the order the statement
 * selected them (the record's components, {@link RecordCodec#columns()}). It is the result type of
 * the statements that read plugin tables. Their result sets go to {@link #READER}
 * ({@link SessionConfiguration}), which reads each row by position; when MyBatis's own handler reads
 * them instead (a call with row bounds or a result handler), the type handler of {@link #register}
 * hands it each row whole, so it never builds a map of the row through reflection and property
 * setters. {@link RecordCodec#read} then makes the record. MyBatis sees only this class and driver
 * values, never a plugin's class.
 */
final class RowValues {

  private final Object[] values;

  private RowValues(Object[] values) {
    this.values = values;
  }

  /**
   * Makes {@link RowValues} a result type of the configuration's statements.
   *
   * @param registry the session factory's type handlers
   */
  static void register(TypeHandlerRegistry registry) {
    registry.register(RowValues.class, new Handler());
  }

  /** Reads every row of a statement's result set by position ({@link SessionConfiguration}). */
  static final ResultSetHandler READER = new ResultSetHandler() {
    @Override
    @SuppressWarnings("unchecked")
    public <E> List<E> handleResultSets(Statement statement) throws SQLException {
      List<RowValues> rows = new ArrayList<>();
      try (ResultSet rs = statement.getResultSet()) {
        if (rs != null) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            rows.add(read(rs, columns));
          }
        }
      }
      return (List<E>) rows;
    }

    @Override
    public <E> Cursor<E> handleCursorResultSets(Statement statement) {
      throw new UnsupportedOperationException("rows of plugin tables are never read through a cursor");
    }

    @Override
    public void handleOutputParameters(CallableStatement statement) {
      throw new UnsupportedOperationException("rows of plugin tables are never read from a call");
    }
  };

  /**
   * @param statement a mapped statement
   * @return whether its results are {@link RowValues}
   */
  static boolean isResultOf(MappedStatement statement) {
    List<ResultMap> maps = statement.getResultMaps();
    return maps.size() == 1 && maps.get(0).getType() == RowValues.class;
  }

  private static RowValues read(ResultSet rs, int columns) throws SQLException {
    Object[] values = new Object[columns];
    for (int i = 0; i < columns; i++) {
      values[i] = rs.getObject(i + 1);
    }
    return new RowValues(values);
  }

  /** The value of the column at a position, as {@link ResultSet#getObject(int)} returns it. */
  Object get(int column) {
    return values[column];
  }

  private static final class Handler extends BaseTypeHandler<RowValues> {

    @Override
    public RowValues getNullableResult(ResultSet rs, String columnName) throws SQLException {
      return read(rs);
    }

    @Override
    public RowValues getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
      return read(rs);
    }

    @Override
    public RowValues getNullableResult(CallableStatement cs, int columnIndex) {
      throw new UnsupportedOperationException("rows of plugin tables are never read from a call");
    }

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, RowValues parameter, JdbcType jdbcType) {
      throw new UnsupportedOperationException("rows of plugin tables are never statement parameters");
    }

    private static RowValues read(ResultSet rs) throws SQLException {
      return RowValues.read(rs, rs.getMetaData().getColumnCount());
    }
  }
}
