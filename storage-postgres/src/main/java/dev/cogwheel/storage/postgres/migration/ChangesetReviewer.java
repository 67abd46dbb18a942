package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.spi.migration.ChangeClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ChangeWithColumns;
import liquibase.change.ColumnConfig;
import liquibase.change.ConstraintsConfig;
import liquibase.change.core.*;
import liquibase.changelog.ChangeSet;

/**
 * Classifies a changeset before it may run: the review the seeds ask a person to do on every
 * generated migration ("stop if unexpected destructive changes appear", "do not let migrations
 * change public.*", "do not store raw Discord user IDs"), done by the machine.
 */
final class ChangesetReviewer {

  /** A bigint-like column named like this would hold raw Discord user ids. */
  private static final Pattern RAW_USER_ID = Pattern.compile(
      "(^|.*_)(user|member|author|owner|moderator|mod|target|sender|recipient|actor|creator|invoker|reporter|discord)_?id",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern PUBLIC_SCHEMA = Pattern.compile("(?i)(^|[^a-z0-9_])\"?public\"?\\s*\\.");
  private static final Pattern SEARCH_PATH = Pattern.compile("(?i)search_path|\\bset\\s+schema\\b");
  private static final Set<Class<? extends Change>> ADDITIVE = Set.of(
      CreateTableChange.class, CreateIndexChange.class, CreateSequenceChange.class, CreateViewChange.class,
      AddColumnChange.class, InsertDataChange.class, LoadDataChange.class, AddForeignKeyConstraintChange.class,
      AddUniqueConstraintChange.class, AddPrimaryKeyChange.class, AddDefaultValueChange.class,
      AddAutoIncrementChange.class, TagDatabaseChange.class, EmptyChange.class, OutputChange.class,
      SetTableRemarksChange.class, SetColumnRemarksChange.class);
  private static final Set<Class<? extends Change>> DESTRUCTIVE = Set.of(
      DropTableChange.class, DropColumnChange.class, DropIndexChange.class, DropForeignKeyConstraintChange.class,
      DropUniqueConstraintChange.class, DropPrimaryKeyChange.class, DropSequenceChange.class, DropViewChange.class,
      DropDefaultValueChange.class, DropNotNullConstraintChange.class, DropAllForeignKeyConstraintsChange.class,
      DropProcedureChange.class, RenameTableChange.class, RenameColumnChange.class, RenameViewChange.class,
      RenameSequenceChange.class, ModifyDataTypeChange.class, DeleteDataChange.class, UpdateDataChange.class,
      AddNotNullConstraintChange.class, MergeColumnChange.class, AddLookupTableChange.class,
      LoadUpdateDataChange.class, AlterSequenceChange.class);

  private static final String REFERENCE_RULE = "a foreign key may only reference the plugin's own tables or those of"
      + " the plugins it declares as dependencies";

  private final String schema;

  ChangesetReviewer(String schema) {
    this.schema = schema;
  }

  /** The class of a changeset and one reason per finding. */
  record Verdict(ChangeClass changeClass, List<String> reasons) {}

  Verdict review(ChangelogSource source, ChangeSet changeSet) {
    List<String> reasons = new ArrayList<>();
    ChangeClass verdict = ChangeClass.ADDITIVE;
    if (!source.owns(changeSet.getFilePath())) {
      verdict = ChangeClass.FORBIDDEN;
      reasons.add("logicalFilePath " + changeSet.getFilePath() + " is outside " + source.ownPath() + " (forbidden: a"
          + " changeset recorded under another source's path passes for that source's; keep it under " + source.ownPath() + ")");
    }
    if (changeSet.isAlwaysRun() || changeSet.isRunOnChange()) {
      verdict = worse(verdict, ChangeClass.OPAQUE);
      reasons.add("runAlways/runOnChange: it runs again later without a new review (opaque)");
    }
    for (Change change : changeSet.getChanges()) {
      String name = change.getSerializableFields().isEmpty() ? change.getClass().getSimpleName() : changeName(change);
      ChangeClass changeClass = classify(change, name, reasons);
      changeClass = worse(changeClass, forbidden(source, change, name, reasons));
      verdict = worse(verdict, changeClass);
    }
    if (changeSet.getChanges().isEmpty()) {
      reasons.add("no changes (additive)");
    }
    return new Verdict(verdict, reasons);
  }

  private ChangeClass classify(Change change, String name, List<String> reasons) {
    if (change instanceof ExecuteShellCommandChange) {
      reasons.add(name + ": runs a program on the bot's host (forbidden: never allowed in a changelog)");
      return ChangeClass.FORBIDDEN;
    }
    if (change instanceof AbstractSQLChange || change instanceof CreateProcedureChange) {
      reasons.add(name + ": raw SQL the review cannot read (opaque)");
      return ChangeClass.OPAQUE;
    }
    if (change instanceof AddColumnChange add) {
      for (ColumnConfig column : add.getColumns()) {
        boolean notNull = column.getConstraints() != null
            && (Boolean.FALSE.equals(column.getConstraints().isNullable()) || Boolean.TRUE.equals(column.getConstraints().isPrimaryKey()));
        if (notNull && !column.hasDefaultValue() && !Boolean.TRUE.equals(column.isAutoIncrement())) {
          reasons.add(name + " " + column.getName() + ": NOT NULL without a default fails on existing rows or needs a backfill (destructive)");
          return ChangeClass.DESTRUCTIVE;
        }
      }
      reasons.add(name + ": nullable or defaulted columns (additive)");
      return ChangeClass.ADDITIVE;
    }
    if (ADDITIVE.contains(change.getClass())) {
      reasons.add(name + " (additive)");
      return ChangeClass.ADDITIVE;
    }
    if (DESTRUCTIVE.contains(change.getClass())) {
      reasons.add(name + ": drops, renames, retypes or rewrites existing data (destructive)");
      return ChangeClass.DESTRUCTIVE;
    }
    reasons.add(name + ": a change the review does not know (opaque)");
    return ChangeClass.OPAQUE;
  }

  private ChangeClass forbidden(ChangelogSource source, Change change, String name, List<String> reasons) {
    ChangeClass result = ChangeClass.ADDITIVE;
    for (String field : change.getSerializableFields()) {
      Object value = change.getSerializableFieldValue(field);
      if (!(value instanceof String text) || text.isBlank()) {
        continue;
      }
      String lower = field.toLowerCase(Locale.ROOT);
      if ((lower.endsWith("schemaname") || lower.endsWith("catalogname")) && !text.equalsIgnoreCase(schema)) {
        reasons.add(name + ": " + field + " '" + text + "' is outside the instance schema " + schema
            + " (forbidden: leave the schema out; every object goes into the instance schema)");
        result = ChangeClass.FORBIDDEN;
      }
      if (lower.equals("referencedtablename")) {
        // A foreign key may point at a table of a plugin this one depends on: those apply first.
        if (!mayReference(source, text)) {
          reasons.add(name + ": " + field + " '" + text + "' does not start with " + source.tablePrefix()
              + " or the prefix of a plugin " + source.name() + " depends on (forbidden: " + REFERENCE_RULE + ")");
          result = ChangeClass.FORBIDDEN;
        }
      } else if ((lower.endsWith("tablename") || lower.equals("sequencename") || lower.equals("viewname"))
          && !text.toLowerCase(Locale.ROOT).startsWith(source.tablePrefix())) {
        reasons.add(name + ": " + field + " '" + text + "' does not start with " + source.tablePrefix()
            + " (forbidden: " + (source.name().equals("cogwheel") ? "the core" : "plugin " + source.name())
            + " may only touch its own objects; other prefixes belong to other plugins)");
        result = ChangeClass.FORBIDDEN;
      }
    }
    if (change instanceof ChangeWithColumns<?> withColumns
        && (change instanceof CreateTableChange || change instanceof AddColumnChange)) {
      for (Object c : withColumns.getColumns()) {
        ColumnConfig column = (ColumnConfig) c;
        if (column.getName() != null && column.getType() != null && RAW_USER_ID.matcher(column.getName()).matches()
            && bigintLike(column.getType())) {
          reasons.add(name + ": column " + column.getName() + " " + column.getType() + " would store raw Discord"
              + " user ids (forbidden: store the Pid instead, e.g. " + pidName(column.getName()) + " char(64))");
          result = ChangeClass.FORBIDDEN;
        }
        result = worse(result, inlineReference(source, name, column, reasons));
      }
    }
    if (change instanceof AbstractSQLChange sql) {
      String text = sqlText(sql);
      if (text != null && PUBLIC_SCHEMA.matcher(text).find()) {
        reasons.add(name + ": names the public schema (forbidden: Cogwheel never writes outside the instance schema)");
        result = ChangeClass.FORBIDDEN;
      }
      if (text != null && SEARCH_PATH.matcher(text).find()) {
        reasons.add(name + ": changes the search_path (forbidden: unqualified names must resolve in the instance"
            + " schema, and a changed search_path would outlive the changeset on the pooled connection)");
        result = ChangeClass.FORBIDDEN;
      }
    }
    return result;
  }

  /** Checks a foreign key declared on a column ({@code references: table(col)} or {@code referencedTableName}). */
  private ChangeClass inlineReference(ChangelogSource source, String name, ColumnConfig column, List<String> reasons) {
    ConstraintsConfig constraints = column.getConstraints();
    if (constraints == null) {
      return ChangeClass.ADDITIVE;
    }
    String target = constraints.getReferencedTableName();
    String targetSchema = constraints.getReferencedTableSchemaName();
    if (target == null && constraints.getReferences() != null) {
      String references = constraints.getReferences();
      target = (references.contains("(") ? references.substring(0, references.indexOf('(')) : references).trim();
    }
    if (target == null || target.isBlank()) {
      return ChangeClass.ADDITIVE;
    }
    int dot = target.lastIndexOf('.');
    if (dot >= 0) {
      targetSchema = target.substring(0, dot).replace("\"", "");
      target = target.substring(dot + 1);
    }
    target = target.replace("\"", "");
    ChangeClass result = ChangeClass.ADDITIVE;
    if (targetSchema != null && !targetSchema.isBlank() && !targetSchema.equalsIgnoreCase(schema)) {
      reasons.add(name + ": column " + column.getName() + " references " + targetSchema + "." + target + ", outside the"
          + " instance schema " + schema + " (forbidden: leave the schema out; every object goes into the instance schema)");
      result = ChangeClass.FORBIDDEN;
    }
    if (!mayReference(source, target)) {
      reasons.add(name + ": column " + column.getName() + " references " + target + ", which " + source.name()
          + " does not depend on (forbidden: " + REFERENCE_RULE + ")");
      result = ChangeClass.FORBIDDEN;
    }
    return result;
  }

  private static boolean mayReference(ChangelogSource source, String table) {
    String lower = table.toLowerCase(Locale.ROOT);
    return lower.startsWith(source.tablePrefix()) || source.dependsOn().stream().anyMatch(d -> lower.startsWith(d + "_"));
  }

  private static String sqlText(AbstractSQLChange sql) {
    try {
      return sql.getSql();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean bigintLike(String type) {
    String t = type.toLowerCase(Locale.ROOT).trim();
    return t.startsWith("bigint") || t.startsWith("int8") || t.startsWith("numeric") || t.startsWith("decimal")
        || t.equals("long") || t.contains("types.bigint");
  }

  private static String pidName(String column) {
    String lower = column.toLowerCase(Locale.ROOT);
    return lower.endsWith("_id") ? lower.substring(0, lower.length() - 3) + "_pid" : lower.replaceAll("id$", "") + "_pid";
  }

  private static String changeName(Change change) {
    // The name the changelog uses (sql, sqlFile, delete), not the class's (RawSQLChange, DeleteDataChange).
    String name = change.getSerializedObjectName();
    Object table = change.getSerializableFields().contains("tableName") ? change.getSerializableFieldValue("tableName") : null;
    return table == null ? name : name + " " + table;
  }

  static ChangeClass worse(ChangeClass a, ChangeClass b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(ChangeClass c) {
    return switch (c) {
      case ADDITIVE -> 0;
      case OPAQUE -> 1;
      case DESTRUCTIVE -> 2;
      case FORBIDDEN -> 3;
    };
  }
}
