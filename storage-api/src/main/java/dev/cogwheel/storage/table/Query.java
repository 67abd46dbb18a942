package dev.cogwheel.storage.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A simple query over one table: conditions joined with AND, sort keys, a limit and an offset.
 * Immutable; each method returns a new query.
 *
 * <pre>{@code
 * Query top = Query.where("guild_id", guildId).orderByDescending("xp").limit(10).offset(page * 10);
 * }</pre>
 *
 * @param filters conditions, all of which must hold
 * @param orders sort keys, most significant first
 * @param limit the most rows to return, or 0 for no limit
 * @param offset how many rows to skip
 */
public record Query(List<Filter> filters, List<Order> orders, int limit, int offset) {

  /** Copies the lists and checks the numbers. */
  public Query {
    filters = List.copyOf(filters);
    orders = List.copyOf(orders);
    if (limit < 0 || offset < 0) {
      throw new IllegalArgumentException("limit and offset cannot be negative");
    }
  }

  /**
   * Every row.
   *
   * @return the query
   */
  public static Query all() {
    return new Query(List.of(), List.of(), 0, 0);
  }

  /**
   * Rows whose column equals a value.
   *
   * @param column the column or component name
   * @param value the value
   * @return the query
   */
  public static Query where(String column, Object value) {
    return all().and(column, Operator.EQ, value);
  }

  /**
   * Rows matching a condition.
   *
   * @param column the column or component name
   * @param operator how to compare
   * @param value the value
   * @return the query
   */
  public static Query where(String column, Operator operator, Object value) {
    return all().and(column, operator, value);
  }

  /**
   * Adds an equality condition.
   *
   * @param column the column or component name
   * @param value the value
   * @return a new query
   */
  public Query and(String column, Object value) {
    return and(column, Operator.EQ, value);
  }

  /**
   * Adds a condition.
   *
   * @param column the column or component name
   * @param operator how to compare
   * @param value the value
   * @return a new query
   */
  public Query and(String column, Operator operator, Object value) {
    List<Filter> next = new ArrayList<>(filters);
    next.add(new Filter(column, operator, value));
    return new Query(next, orders, limit, offset);
  }

  /**
   * Adds an ascending sort key.
   *
   * @param column the column or component name
   * @return a new query
   */
  public Query orderBy(String column) {
    return withOrder(new Order(column, false));
  }

  /**
   * Adds a descending sort key.
   *
   * @param column the column or component name
   * @return a new query
   */
  public Query orderByDescending(String column) {
    return withOrder(new Order(column, true));
  }

  /**
   * Sets the most rows to return.
   *
   * @param rows the limit, at least 1
   * @return a new query
   */
  public Query limit(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + rows);
    }
    return new Query(filters, orders, rows, offset);
  }

  /**
   * Sets how many rows to skip.
   *
   * @param rows the offset
   * @return a new query
   */
  public Query offset(int rows) {
    return new Query(filters, orders, limit, rows);
  }

  private Query withOrder(Order order) {
    List<Order> next = new ArrayList<>(orders);
    next.add(Objects.requireNonNull(order));
    return new Query(filters, next, limit, offset);
  }
}
