package dev.cogwheel.storage.postgres.table;

import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.executor.parameter.ParameterHandler;
import org.apache.ibatis.executor.resultset.ResultSetHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;

/**
 * The MyBatis configuration of the storage backend: MyBatis's own, except that the statements that
 * read plugin tables (result type {@link RowValues}) hand their result sets to {@link RowValues}'
 * reader, which reads each row by position. MyBatis's general handler first describes every result
 * set from its metadata (each column's label, JDBC type and Java class, which the driver looks up
 * under a lock) to map it onto a result type; these statements' rows need none of that, and for a
 * find by key it was a tenth of the Java time of the call. Interceptors still apply.
 */
public final class SessionConfiguration extends Configuration {

  /**
   * @param environment the pool and transaction factory
   */
  public SessionConfiguration(Environment environment) {
    super(environment);
  }

  @Override
  public ResultSetHandler newResultSetHandler(Executor executor, MappedStatement statement, RowBounds rowBounds,
      ParameterHandler parameterHandler, ResultHandler resultHandler, BoundSql boundSql) {
    if (resultHandler == null && rowBounds == RowBounds.DEFAULT && RowValues.isResultOf(statement)) {
      return (ResultSetHandler) interceptorChain.pluginAll(RowValues.READER);
    }
    return super.newResultSetHandler(executor, statement, rowBounds, parameterHandler, resultHandler, boundSql);
  }
}
