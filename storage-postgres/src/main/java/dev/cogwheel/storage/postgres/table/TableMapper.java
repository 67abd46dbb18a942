package dev.cogwheel.storage.postgres.table;

import java.util.List;
import java.util.Map;

/**
 * The generic statements over plugin tables. Every identifier in the statement map was read from the
 * catalog and quoted by {@link PostgresTable}; every value is a bind parameter.
 */
public interface TableMapper {

  List<RowValues> select(Map<String, Object> statement);

  long count(Map<String, Object> statement);

  int delete(Map<String, Object> statement);

}
