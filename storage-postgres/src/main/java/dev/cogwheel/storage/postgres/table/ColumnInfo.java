package dev.cogwheel.storage.postgres.table;

/**
 * A column of a plugin table as the catalog describes it.
 *
 * @param name the column name
 * @param sqlType the full type ({@code character varying(20)}), used in casts
 * @param udt the base type's name ({@code varchar}, {@code int8})
 * @param notNull whether NULL is refused
 * @param hasDefault whether a default, identity or generation fills it when omitted
 * @param generated whether it is a generated column (never written)
 * @param maxLength the length limit of char/varchar columns, or null
 */
public record ColumnInfo(
    String name, String sqlType, String udt, boolean notNull, boolean hasDefault, boolean generated,
    Integer maxLength) {}
