package dev.cogwheel.storage.postgres.migration;

import java.util.Map;
import java.util.Set;

/**
 * What a changelog may say, as written in its YAML or JSON: the entries of a changelog, the
 * attributes of a changeset, the change types and the attributes of each, the attributes of a column
 * and of its constraints. Anything else is refused before Liquibase reads the file; docs/operations.md
 * lists the same. Each refusal names the rule it breaks.
 */
final class ChangelogAllowList {

  private ChangelogAllowList() {}

  static final String ENTRY_RULE = "a changelog holds changeSet and include entries only";
  static final String CHANGE_RULE = "each entry of changes or rollback is one change";
  static final String PARAMETER_RULE = "changelog parameters are not supported; Liquibase would fill them from the"
      + " environment and the system properties, the bot's secrets among them; write the value itself";
  static final String SQL_TEXT_RULE = "it puts SQL text into the statement; write the SQL in a sql change, which"
      + " waits for an approval";
  static final String FILE_RULE = "it reads a file into the database; insert the values themselves";

  /** The only SQL a changelog may give as a default: functions that read nothing of the database. */
  static final Set<String> COMPUTED_DEFAULTS = Set.of("now()", "current_timestamp", "current_date", "gen_random_uuid()");

  static final Set<String> INCLUDE_ATTRIBUTES = Set.of("file", "relativeToChangelogFile");

  static final Set<String> CHANGESET_ATTRIBUTES = Set.of(
      "id", "author", "comment", "changes", "rollback", "logicalFilePath", "validCheckSum");

  private static final Set<String> SCHEMA = Set.of("schemaName", "catalogName");

  /** Change type (as written) to its attributes. */
  static final Map<String, Set<String>> CHANGES = Map.ofEntries(
      Map.entry("createTable", with("tableName", "columns")),
      Map.entry("addColumn", with("tableName", "columns")),
      Map.entry("createIndex", with("tableName", "indexName", "columns", "unique")),
      Map.entry("addPrimaryKey", with("tableName", "columnNames", "constraintName")),
      Map.entry("addUniqueConstraint", with("tableName", "columnNames", "constraintName")),
      Map.entry("addForeignKeyConstraint", Set.of("baseTableName", "baseColumnNames", "constraintName",
          "referencedTableName", "referencedColumnNames", "onDelete", "onUpdate", "baseTableSchemaName",
          "referencedTableSchemaName", "baseTableCatalogName", "referencedTableCatalogName")),
      Map.entry("addNotNullConstraint", with("tableName", "columnName", "columnDataType")),
      Map.entry("dropNotNullConstraint", with("tableName", "columnName", "columnDataType")),
      Map.entry("addDefaultValue", with("tableName", "columnName", "columnDataType", "defaultValue",
          "defaultValueNumeric", "defaultValueBoolean", "defaultValueDate", "defaultValueComputed")),
      Map.entry("dropDefaultValue", with("tableName", "columnName", "columnDataType")),
      Map.entry("createSequence", with("sequenceName", "startValue", "incrementBy", "minValue", "maxValue", "cycle")),
      Map.entry("alterSequence", with("sequenceName", "incrementBy", "minValue", "maxValue", "cycle")),
      Map.entry("dropSequence", with("sequenceName")),
      Map.entry("renameSequence", with("oldSequenceName", "newSequenceName")),
      Map.entry("dropTable", with("tableName")),
      Map.entry("dropColumn", with("tableName", "columnName")),
      Map.entry("dropIndex", with("tableName", "indexName")),
      Map.entry("dropPrimaryKey", with("tableName", "constraintName")),
      Map.entry("dropUniqueConstraint", with("tableName", "constraintName")),
      Map.entry("dropForeignKeyConstraint", Set.of("baseTableName", "constraintName", "baseTableSchemaName",
          "baseTableCatalogName")),
      Map.entry("renameTable", with("oldTableName", "newTableName")),
      Map.entry("renameColumn", with("tableName", "oldColumnName", "newColumnName", "columnDataType")),
      Map.entry("modifyDataType", with("tableName", "columnName", "newDataType")),
      Map.entry("insert", with("tableName", "columns")),
      Map.entry("update", with("tableName", "columns", "where")),
      Map.entry("delete", with("tableName", "where")),
      Map.entry("sql", Set.of("sql", "splitStatements", "stripComments", "endDelimiter", "comment")),
      Map.entry("sqlFile", Set.of("path", "relativeToChangelogFile", "splitStatements", "stripComments", "endDelimiter",
          "encoding")));

  private static final Set<String> COLUMN_DEFINITION = Set.of("name", "type", "constraints", "defaultValue",
      "defaultValueNumeric", "defaultValueBoolean", "defaultValueDate", "defaultValueComputed", "autoIncrement", "startWith",
      "incrementBy");
  private static final Set<String> COLUMN_INDEXED = Set.of("name", "descending");
  private static final Set<String> COLUMN_VALUE = Set.of("name", "value", "valueNumeric", "valueBoolean", "valueDate");

  static final Set<String> CONSTRAINT_ATTRIBUTES = Set.of("nullable", "primaryKey", "primaryKeyName", "unique",
      "uniqueConstraintName", "references", "referencedTableName", "referencedColumnNames", "foreignKeyName",
      "deleteCascade", "notNullConstraintName");

  private static final Set<String> SQL_TEXT = Set.of("valueComputed", "defaultValueComputed", "valueSequenceNext",
      "valueSequenceCurrent", "defaultValueSequenceNext", "computed", "checkConstraint", "whereParams",
      "generationType", "defaultOnNull");
  private static final Set<String> FILES = Set.of("valueBlobFile", "valueClobFile", "file");

  static Set<String> columnAttributes(String changeType) {
    return switch (changeType) {
      case "createTable", "addColumn" -> COLUMN_DEFINITION;
      case "createIndex" -> COLUMN_INDEXED;
      default -> COLUMN_VALUE;
    };
  }

  static String entryRule(String entry) {
    return switch (entry) {
      case "property" -> PARAMETER_RULE;
      case "preConditions", "preconditions" -> "preconditions run SQL before the changelog is reviewed; a plugin's"
          + " changesets always run, in order";
      case "includeAll" -> "includeAll picks files by listing a folder; include each file by name";
      default -> ENTRY_RULE;
    };
  }

  static String changeSetRule(String attribute) {
    return switch (attribute) {
      case "context", "contextFilter", "contexts", "labels", "dbms", "ignore" -> "it decides whether the changeset runs;"
          + " every changeset of a plugin runs, in order, so that what was reviewed is what runs";
      case "runAlways", "runOnChange" -> "it runs the changeset again later, after its review; write a new changeset";
      case "failOnError" -> "a failed changeset must stop the migration, not count as applied";
      case "preConditions", "preconditions" -> "preconditions run SQL before the changeset is reviewed";
      case "modifySql" -> "it rewrites the SQL after the review";
      case "runInTransaction" -> "each changeset runs in its own transaction";
      default -> "a changeset has the attributes " + String.join(", ", CHANGESET_ATTRIBUTES.stream().sorted().toList())
          + " only";
    };
  }

  static String changeRule(String type) {
    return switch (type) {
      case "executeCommand" -> "it runs a program on the bot's host";
      case "customChange" -> "it runs Java code of the changelog's choosing";
      case "output" -> "it prints while migrations run";
      case "loadData", "loadUpdateData" -> FILE_RULE;
      case "createView", "createProcedure", "createFunction", "createTrigger" -> "views, procedures, functions and"
          + " triggers are not on the allow-list; write them in a sql change, which waits for an approval";
      default -> "the allowed change types are " + String.join(", ", CHANGES.keySet().stream().sorted().toList());
    };
  }

  static String attributeRule(String type, String attribute) {
    if (SQL_TEXT.contains(attribute) || attribute.equals("where")) {
      return SQL_TEXT_RULE;
    }
    if (FILES.contains(attribute)) {
      return FILE_RULE;
    }
    if (attribute.equals("dbms")) {
      return changeSetRule("dbms");
    }
    return type + " has the attributes " + String.join(", ", CHANGES.get(type).stream().sorted().toList()) + " only";
  }

  static String columnRule(String type, String attribute) {
    if (SQL_TEXT.contains(attribute)) {
      return SQL_TEXT_RULE;
    }
    if (FILES.contains(attribute)) {
      return FILE_RULE;
    }
    return "a column of " + type + " has the attributes " + String.join(", ", columnAttributes(type).stream().sorted()
        .toList()) + " only";
  }

  static String constraintRule(String attribute) {
    if (attribute.equals("checkConstraint")) {
      return SQL_TEXT_RULE;
    }
    return "constraints are " + String.join(", ", CONSTRAINT_ATTRIBUTES.stream().sorted().toList()) + " only";
  }

  private static Set<String> with(String... attributes) {
    Set<String> all = new java.util.HashSet<>(SCHEMA);
    all.addAll(Set.of(attributes));
    return Set.copyOf(all);
  }
}
