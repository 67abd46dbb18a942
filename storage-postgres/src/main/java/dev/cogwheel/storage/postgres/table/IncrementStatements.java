package dev.cogwheel.storage.postgres.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.builder.StaticSqlSource;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.mapping.ResultMapping;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.type.ArrayTypeHandler;

/**
 * The statements that add many increments to one table column at once. Their SQL depends only on the
 * table, the column and the key columns with their types, so it is written here once per such shape
 * and registered on the MyBatis configuration as a static statement: a batch then only binds its
 * arrays. (Rendering it as dynamic XML through OGNL on every batch took about a fifth of the
 * committer's CPU.) MyBatis only ever sees Strings, String and Long arrays and Longs, never a plugin's
 * class.
 *
 * <p>The keys arrive as parallel text arrays with one delta each, deduplicated and in the order their
 * rows are to be locked. Each input row is joined back to the value it produced, and the pairs come
 * back as two arrays in one result row, so MyBatis maps one row per batch rather than one per
 * increment. There are two forms:
 *
 * <ul>
 *   <li>the upsert, one {@code INSERT ... ON CONFLICT DO UPDATE} in input order: one index probe per
 *       row, about half the database's work of the other form. An INSERT checks NOT NULL columns
 *       before ON CONFLICT applies, so on a table with a required column (NOT NULL, no default) it
 *       fails even for rows that exist. It also fires the table's INSERT triggers and evaluates its
 *       column defaults for rows that exist.
 *   <li>update first: existing rows are locked in input order and added to, only the rest are
 *       inserted (ON CONFLICT still covers rows inserted concurrently). It works on every table.
 * </ul>
 *
 * <p>Every identifier was read from the catalog and quoted by {@link PostgresTable}.
 */
final class IncrementStatements {

  /** Starts the ids of the statements; each id goes on with the form and the target's shape. */
  static final String ID_PREFIX = IncrementStatements.class.getName() + ".increment ";
  private static final String DELTAS = "deltas";
  private static final Object REGISTRATION = new Object();

  private IncrementStatements() {}

  /**
   * Adds the deltas to their rows, inserting the rows that are missing.
   *
   * @param session the session, whose configuration gets the statement on first use
   * @param upsert whether to use the upsert form rather than update first
   * @param target the table and column
   * @param keyArrays per key column, the rows' key values as text
   * @param deltas per row, the amount
   * @return per row in input order, the new value
   */
  static long[] run(SqlSession session, boolean upsert, IncrementTarget target, String[][] keyArrays, Long[] deltas) {
    String id = statementId(session.getConfiguration(), upsert, target);
    Map<String, Object> parameters = new HashMap<>();
    for (int k = 0; k < keyArrays.length; k++) {
      parameters.put(alias(k), keyArrays[k]);
    }
    parameters.put(DELTAS, deltas);
    Map<String, Object> result = session.selectOne(id, parameters);
    Long[] ords = result == null ? null : (Long[]) result.get("ords");
    Long[] after = result == null ? null : (Long[]) result.get("vals");
    long[] values = new long[deltas.length];
    boolean[] seen = new boolean[deltas.length];
    for (int i = 0; ords != null && i < ords.length; i++) {
      int row = Math.toIntExact(ords[i] - 1);
      values[row] = after[i];
      seen[row] = true;
    }
    for (int row = 0; row < seen.length; row++) {
      if (!seen[row]) {
        // Cannot happen unless the statement is wrong; failing beats leaving a caller's future pending.
        throw new IllegalStateException("the increment statement returned no value for row " + (row + 1)
            + " of " + seen.length + " in " + target.table());
      }
    }
    return values;
  }

  /** The statement of this form and shape, registered on first use; the id is unique per both. */
  private static String statementId(Configuration configuration, boolean upsert, IncrementTarget target) {
    String statementId = upsert ? target.upsertId() : target.updateFirstId();
    if (!configuration.hasStatement(statementId, false)) {
      // Registration is rare (once per shape); the lock makes check-and-add atomic across threads and
      // backends. The configuration's statement map is concurrent, so readers need no lock.
      synchronized (REGISTRATION) {
        if (!configuration.hasStatement(statementId, false)) {
          configuration.addMappedStatement(build(configuration, statementId, upsert, target));
        }
      }
    }
    return statementId;
  }

  private static MappedStatement build(Configuration configuration, String id, boolean upsert, IncrementTarget target) {
    String table = target.table();
    String column = target.column();
    List<String> cols = target.keyColumns();
    List<String> types = target.keyTypes();
    ArrayTypeHandler arrays = new ArrayTypeHandler();
    List<ParameterMapping> parameters = new ArrayList<>();
    StringBuilder unnest = new StringBuilder();
    StringBuilder aliases = new StringBuilder();
    StringBuilder insertColumns = new StringBuilder();
    StringBuilder insertValues = new StringBuilder();
    for (int k = 0; k < cols.size(); k++) {
      parameters.add(new ParameterMapping.Builder(configuration, alias(k), arrays).build());
      unnest.append("CAST(? AS text[]), ");
      aliases.append(alias(k)).append(", ");
      insertColumns.append(cols.get(k)).append(", ");
      insertValues.append("CAST(input.").append(alias(k)).append(" AS ").append(types.get(k)).append("), ");
    }
    parameters.add(new ParameterMapping.Builder(configuration, DELTAS, arrays).build());
    String input = "WITH input AS ("
        + " SELECT * FROM unnest(" + unnest + "CAST(? AS bigint[]))"
        + " WITH ORDINALITY AS u(" + aliases + "delta, ord)"
        + ")";
    String addOnConflict = " ON CONFLICT (" + String.join(", ", cols) + ")"
        + " DO UPDATE SET " + column + " = t." + column + " + EXCLUDED." + column
        + " RETURNING " + insertColumns + column + " AS cogwheel_new_value";
    String sql = upsert
        ? input
            + ", upserted AS ("
            + " INSERT INTO " + table + " AS t (" + insertColumns + column + ")"
            + " SELECT " + insertValues + "input.delta FROM input ORDER BY input.ord"
            + addOnConflict
            + ")"
            + " SELECT array_agg(input.ord) AS ords, array_agg(CAST(upserted.cogwheel_new_value AS bigint)) AS vals"
            + " FROM input JOIN upserted ON " + keyMatch(cols, types, "upserted.", "input.")
        : input
            + ", locked AS ("
            + " SELECT input.* FROM input JOIN " + table + " AS t ON " + keyMatch(cols, types, "t.", "input.")
            + " ORDER BY input.ord FOR UPDATE OF t"
            + "), updated AS ("
            + " UPDATE " + table + " AS t SET " + column + " = t." + column + " + locked.delta"
            + " FROM locked WHERE " + keyMatch(cols, types, "t.", "locked.")
            + " RETURNING locked.ord AS ord, t." + column + " AS cogwheel_new_value"
            + "), upserted AS ("
            + " INSERT INTO " + table + " AS t (" + insertColumns + column + ")"
            + " SELECT " + insertValues + "input.delta FROM input"
            + " WHERE input.ord NOT IN (SELECT updated.ord FROM updated)"
            + addOnConflict
            + ")"
            + " SELECT array_agg(ord) AS ords, array_agg(CAST(value AS bigint)) AS vals FROM ("
            + " SELECT updated.ord AS ord, updated.cogwheel_new_value AS value FROM updated"
            + " UNION ALL"
            + " SELECT input.ord AS ord, upserted.cogwheel_new_value AS value"
            + " FROM input JOIN upserted ON " + keyMatch(cols, types, "upserted.", "input.")
            + ") AS produced";
    ResultMap result = new ResultMap.Builder(configuration, id + " result", HashMap.class, List.of(
        new ResultMapping.Builder(configuration, "ords", "ords", arrays).build(),
        new ResultMapping.Builder(configuration, "vals", "vals", arrays).build()), false).build();
    return new MappedStatement.Builder(configuration, id, new StaticSqlSource(configuration, sql, parameters),
        SqlCommandType.SELECT)
        .resource(IncrementStatements.class.getName())
        .resultMaps(List.of(result))
        .flushCacheRequired(true)
        .useCache(false)
        .build();
  }

  private static String keyMatch(List<String> cols, List<String> types, String table, String input) {
    StringBuilder match = new StringBuilder();
    for (int k = 0; k < cols.size(); k++) {
      if (k > 0) {
        match.append(" AND ");
      }
      match.append(table).append(cols.get(k)).append(" = CAST(").append(input).append(alias(k))
          .append(" AS ").append(types.get(k)).append(')');
    }
    return match.toString();
  }

  private static String alias(int k) {
    return "k" + k;
  }
}
