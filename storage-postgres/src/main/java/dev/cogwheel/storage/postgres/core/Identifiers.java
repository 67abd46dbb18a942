package dev.cogwheel.storage.postgres.core;

import dev.cogwheel.storage.StorageInvalidException;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules for names that reach SQL: plugin ids, schema names and plugin table names. */
public final class Identifiers {

  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9]{0,31}");
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> RESERVED_SCHEMAS = Set.of("public", "information_schema");

  private Identifiers() {}

  /**
   * Checks a plugin id.
   *
   * @param pluginId the id
   * @return the id
   * @throws StorageInvalidException naming the id and the rule
   */
  public static String pluginId(String pluginId) {
    if (pluginId == null || !PLUGIN_ID.matcher(pluginId).matches()) {
      throw new StorageInvalidException(
          "Plugin id '" + pluginId + "' cannot own storage: use 1 to 32 lower-case letters and digits,"
              + " starting with a letter (its tables are then named <id>_<name>).");
    }
    if (pluginId.equals("cogwheel")) {
      throw new StorageInvalidException("Plugin id 'cogwheel' is reserved for the host's own tables.");
    }
    return pluginId;
  }

  /**
   * Checks the instance schema name.
   *
   * @param schema the name
   * @return the name
   * @throws StorageInvalidException naming the setting and the rule
   */
  public static String schema(String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches() || RESERVED_SCHEMAS.contains(schema)
        || schema.startsWith("pg_")) {
      throw new StorageInvalidException(
          "database.schema '" + schema + "' is not allowed: use 1 to 63 lower-case letters, digits"
              + " or '_', not starting with a digit; 'public', 'information_schema' and 'pg_*' are"
              + " never written by Cogwheel.");
    }
    return schema;
  }

  /**
   * Checks that a table name is valid and belongs to the plugin.
   *
   * @param pluginId the plugin
   * @param table the table name
   * @return the name
   * @throws StorageInvalidException naming the plugin, the table and the rule
   */
  public static String pluginTable(String pluginId, String table) {
    if (table == null || !TABLE.matcher(table).matches()) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": table name '" + table + "' is not valid: use lower-case letters,"
              + " digits and '_', starting with a letter, at most 63 characters.");
    }
    if (!table.startsWith(pluginId + "_") || table.length() == pluginId.length() + 1) {
      throw new StorageInvalidException(
          "plugin " + pluginId + " cannot use table '" + table + "': a plugin reaches only tables"
              + " named " + pluginId + "_<name>.");
    }
    return table;
  }

  /**
   * Quotes a name read from the catalog for use as an SQL identifier.
   *
   * @param name the name
   * @return the quoted name
   */
  public static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
