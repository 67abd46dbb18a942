package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.spi.migration.ChangeClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ColumnConfig;
import liquibase.change.ConstraintsConfig;
import liquibase.change.core.*;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;

/**
 * Classifies a changeset before it may run: the review the seeds ask a person to do on every
 * generated migration ("stop if unexpected destructive changes appear", "do not let migrations
 * change public.*", "do not store raw Discord user IDs"), done by the machine on the parsed model of
 * a changelog that already passed {@link ChangelogAllowList}. Each change class is on an allow-list
 * with its base class; every identifier must be a plain one inside the plugin's prefix, every type
 * must match the type grammar, every value must be a literal, and raw SQL is read with a SQL parser
 * ({@link SqlBoundary}). Nothing here runs anything: generating a change's SQL for the allowed
 * classes only builds strings.
 */
final class ChangesetReviewer {

  /** The allowed change classes and their class when nothing else is found. */
  private static final Map<Class<? extends Change>, ChangeClass> CHANGES = Map.ofEntries(
      Map.entry(CreateTableChange.class, ChangeClass.ADDITIVE),
      Map.entry(AddColumnChange.class, ChangeClass.ADDITIVE),
      Map.entry(CreateIndexChange.class, ChangeClass.ADDITIVE),
      Map.entry(AddPrimaryKeyChange.class, ChangeClass.ADDITIVE),
      Map.entry(AddUniqueConstraintChange.class, ChangeClass.ADDITIVE),
      Map.entry(AddForeignKeyConstraintChange.class, ChangeClass.ADDITIVE),
      Map.entry(CreateSequenceChange.class, ChangeClass.ADDITIVE),
      Map.entry(AddDefaultValueChange.class, ChangeClass.ADDITIVE),
      Map.entry(InsertDataChange.class, ChangeClass.ADDITIVE),
      Map.entry(AddNotNullConstraintChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropNotNullConstraintChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropDefaultValueChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(AlterSequenceChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropSequenceChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(RenameSequenceChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropTableChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropColumnChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropIndexChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropPrimaryKeyChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropUniqueConstraintChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DropForeignKeyConstraintChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(RenameTableChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(RenameColumnChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(ModifyDataTypeChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(UpdateDataChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(DeleteDataChange.class, ChangeClass.DESTRUCTIVE),
      Map.entry(RawSQLChange.class, ChangeClass.OPAQUE),
      Map.entry(SQLFileChange.class, ChangeClass.OPAQUE));

  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,38}(\\.\\d{1,38})?([eE][-+]?\\d{1,3})?");
  /** A plain PostgreSQL identifier that needs no quoting. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  /** The column types a changelog may name. */
  private static final Pattern TYPE = Pattern.compile("(?i)(smallint|integer|int|int2|int4|int8|bigint|boolean|bool|text"
      + "|uuid|jsonb|json|bytea|date|real|float4|float8|double precision|timestamptz|timetz|interval|serial|bigserial"
      + "|smallserial|serial4|serial8|timestamp( with(out)? time zone)?|time( with(out)? time zone)?"
      + "|(varchar|character varying|char|character) ?\\( ?\\d{1,5} ?\\)|varchar"
      + "|(numeric|decimal)( ?\\( ?\\d{1,4} ?(, ?\\d{1,4} ?)?\\))?)( ?\\[\\])?");
  private static final Pattern TEXT_TYPE = Pattern.compile("(?i)(text|varchar|character varying|char|character)\\b.*");
  private static final Pattern PID_TYPE = Pattern.compile("(?i)(char|character) ?\\( ?64 ?\\)");
  /** A column named like this would hold a raw Discord user id, whatever its type. */
  private static final Pattern RAW_ID_NAME = Pattern.compile("(?i)((^|.*_)(user|member|author|owner|moderator|mod|target"
      + "|sender|recipient|actor|creator|invoker|reporter|reviewer|discord|victim|issuer|banned|kicked|warned|muted)_?ids?"
      + "|(^|.*_)users?|.*snowflake.*)");
  /** A column named for a member holds its Pid, typed char(64); any other type could hold a raw id. */
  private static final Pattern MEMBER_NAME = Pattern.compile("(?i)(^|.*_)(member|author|owner|moderator|mod|target|sender"
      + "|recipient|actor|creator|invoker|reporter|reviewer|victim|issuer|by)s?");
  private static final Set<String> OBJECT_FIELDS = Set.of("tableName", "baseTableName", "oldTableName", "newTableName",
      "sequenceName", "oldSequenceName", "newSequenceName", "indexName", "constraintName");
  private static final Set<String> COLUMN_FIELDS = Set.of("columnName", "oldColumnName", "newColumnName");
  private static final Set<String> COLUMN_LIST_FIELDS = Set.of("columnNames", "baseColumnNames", "referencedColumnNames");
  private static final Set<String> TYPE_FIELDS = Set.of("columnDataType", "newDataType");
  private static final Set<String> REFERENTIAL_ACTIONS = Set.of("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION");
  /** A reference written on a column: {@code table(column, ...)}. */
  private static final Pattern REFERENCES = Pattern.compile("([a-z_][a-z0-9_]{0,62}) ?\\(([a-z_][a-z0-9_]{0,62}( ?, ?[a-z_][a-z0-9_]{0,62})*)\\)");

  private static final String REFERENCE_RULE = "a foreign key may only reference the plugin's own tables or those of"
      + " the plugins it declares as dependencies";
  private static final String IDENTIFIER_RULE = "names are plain lower-case identifiers: a letter or _, then letters,"
      + " digits or _, at most 63";
  private static final String TYPE_RULE = "column types are smallint, integer, bigint, numeric(p,s), real, double"
      + " precision, boolean, text, varchar(n), char(n), uuid, json, jsonb, bytea, date, time, timestamp, timestamptz,"
      + " interval and the serials, optionally as arrays";

  private final String schema;
  private final SqlBoundary sql;

  ChangesetReviewer(String schema) {
    this.schema = schema;
    this.sql = new SqlBoundary(schema);
  }

  /** The class of a changeset and one reason per finding. */
  record Verdict(ChangeClass changeClass, List<String> reasons) {}

  /**
   * Reviews a changeset.
   *
   * @param objects the names of the relations (tables, views, indexes, sequences) in the instance
   *     schema now, so that raw SQL naming another plugin's is found whatever the parser reads
   */
  Verdict review(ChangelogSource source, ChangeSet changeSet, Database database, Set<String> objects) {
    List<String> reasons = new ArrayList<>();
    ChangeClass verdict = ChangeClass.ADDITIVE;
    if (!source.owns(changeSet.getFilePath())) {
      verdict = ChangeClass.FORBIDDEN;
      reasons.add("logicalFilePath " + changeSet.getFilePath() + " is outside " + source.ownPath() + " (forbidden: a"
          + " changeset recorded under another source's path passes for that source's; keep it under " + source.ownPath() + ")");
    }
    verdict = worse(verdict, executionControls(changeSet, reasons));
    for (Change change : changeSet.getChanges()) {
      verdict = worse(verdict, review(source, change, database, objects, reasons, ""));
    }
    if (changeSet.getChanges().isEmpty()) {
      reasons.add("no changes (additive)");
    }
    if (changeSet.getRollback() != null) {
      List<String> rollbackReasons = new ArrayList<>();
      for (Change change : changeSet.getRollback().getChanges()) {
        if (review(source, change, database, objects, rollbackReasons, "rollback: ") == ChangeClass.FORBIDDEN) {
          verdict = ChangeClass.FORBIDDEN;
        }
      }
      rollbackReasons.stream().filter(r -> r.contains("(forbidden")).forEach(reasons::add);
    }
    return new Verdict(verdict, reasons);
  }

  /**
   * What would make Liquibase run other changesets than those reviewed, or run them differently; the
   * allow-list refuses these before parsing, and this repeats it on the model.
   */
  private static ChangeClass executionControls(ChangeSet changeSet, List<String> reasons) {
    List<String> found = new ArrayList<>();
    if (changeSet.isAlwaysRun() || changeSet.isRunOnChange()) {
      found.add("runAlways/runOnChange");
    }
    if (changeSet.getFailOnError() != null) {
      found.add("failOnError");
    }
    if (changeSet.getPreconditions() != null) {
      found.add("preConditions");
    }
    if (changeSet.getSqlVisitors() != null && !changeSet.getSqlVisitors().isEmpty()) {
      found.add("modifySql");
    }
    if (changeSet.getDbmsSet() != null && !changeSet.getDbmsSet().isEmpty()) {
      found.add("dbms");
    }
    if (changeSet.getContextFilter() != null && !changeSet.getContextFilter().isEmpty()) {
      found.add("context");
    }
    if (changeSet.isIgnore()) {
      found.add("ignore");
    }
    if (found.isEmpty()) {
      return ChangeClass.ADDITIVE;
    }
    reasons.add(String.join(", ", found) + " (forbidden: every changeset of a plugin runs once, in order, as reviewed)");
    return ChangeClass.FORBIDDEN;
  }

  private ChangeClass review(ChangelogSource source, Change change, Database database, Set<String> objects,
      List<String> reasons, String prefix) {
    String name = prefix + changeName(change);
    ChangeClass base = CHANGES.get(change.getClass());
    if (base == null) {
      reasons.add(name + ": not on the allow-list of change types (forbidden)");
      return ChangeClass.FORBIDDEN;
    }
    List<String> found = new ArrayList<>();
    ChangeClass result = base;
    if (change instanceof AbstractSQLChange raw) {
      result = rawSql(source, raw, database, objects, name, found, reasons);
    } else {
      identifiers(source, change, name, found);
      if (change instanceof CreateTableChange create) {
        create.getColumns().forEach(column -> column(source, name, column, true, found));
      } else if (change instanceof AddColumnChange add) {
        add.getColumns().forEach(column -> column(source, name, column, true, found));
      } else if (change instanceof InsertDataChange insert) {
        insert.getColumns().forEach(column -> column(source, name, column, false, found));
      } else if (change instanceof UpdateDataChange update) {
        update.getColumns().forEach(column -> column(source, name, column, false, found));
      } else if (change instanceof CreateIndexChange index) {
        index.getColumns().forEach(column -> identifier(name, "column", column.getName(), found));
      }
      if (change instanceof UpdateDataChange || change instanceof DeleteDataChange) {
        String where = (String) change.getSerializableFieldValue("where");
        if (where != null && !where.isBlank()) {
          SqlBoundary.Finding finding = sql.checkCondition((String) change.getSerializableFieldValue("tableName"), where,
              source.tablePrefix(), objects);
          finding.forbidden().forEach(f -> found.add(name + ": where " + f));
          if (!finding.readable() && finding.forbidden().isEmpty()) {
            found.add(name + ": where '" + where + "' is not a condition the SQL parser can read (forbidden: a where clause is one SQL"
                + " condition on the plugin's own columns)");
          }
          if (found.isEmpty()) {
            reasons.add(name + ": where is SQL text, read by the SQL parser (opaque at least)");
            result = worse(result, ChangeClass.OPAQUE);
          }
        }
      }
      if (found.isEmpty()) {
        found.addAll(generatedSqlHoldsNoSeparator(change, database, name));
      }
      if (found.isEmpty() && change instanceof AddColumnChange add) {
        String backfill = backfill(add, name);
        if (backfill != null) {
          reasons.add(backfill);
          result = worse(result, ChangeClass.DESTRUCTIVE);
        } else {
          reasons.add(name + ": nullable or defaulted columns (additive)");
        }
      } else if (found.isEmpty()) {
        reasons.add(reason(name, base));
      }
    }
    reasons.addAll(found);
    return found.isEmpty() ? result : ChangeClass.FORBIDDEN;
  }

  /** An addColumn of a NOT NULL column without a default fails on existing rows or needs a backfill. */
  private static String backfill(AddColumnChange add, String name) {
    for (ColumnConfig column : add.getColumns()) {
      boolean notNull = column.getConstraints() != null
          && (Boolean.FALSE.equals(column.getConstraints().isNullable()) || Boolean.TRUE.equals(column.getConstraints().isPrimaryKey()));
      if (notNull && !column.hasDefaultValue() && !Boolean.TRUE.equals(column.isAutoIncrement())) {
        return name + " " + column.getName() + ": NOT NULL without a default fails on existing rows or needs a backfill"
            + " (destructive)";
      }
    }
    return null;
  }

  private static String reason(String name, ChangeClass base) {
    return switch (base) {
      case ADDITIVE -> name + " (additive)";
      case DESTRUCTIVE -> name + ": drops, renames, retypes or rewrites existing data (destructive)";
      default -> name + " (" + base.name().toLowerCase(Locale.ROOT) + ")";
    };
  }

  private ChangeClass rawSql(ChangelogSource source, AbstractSQLChange raw, Database database, Set<String> objects,
      String name, List<String> found, List<String> reasons) {
    boolean readable = true;
    for (String statement : statements(raw, database)) {
      SqlBoundary.Finding finding = sql.check(statement, source.tablePrefix(), objects, (column, type) -> rawId(name, column, type));
      readable &= finding.readable();
      finding.forbidden().forEach(f -> found.add(name + ": " + f));
    }
    if (found.isEmpty()) {
      reasons.add(name + (readable ? ": raw SQL, read by the SQL parser, naming only the plugin's own objects (opaque)"
          : ": raw SQL the SQL parser cannot read (opaque)"));
    }
    return ChangeClass.OPAQUE;
  }

  private static List<String> statements(Change change, Database database) {
    List<String> statements = new ArrayList<>();
    for (Sql statement : SqlGeneratorFactory.getInstance().generateSql(change, database)) {
      statements.add(statement.toSql());
    }
    return statements;
  }

  /**
   * The last net under the attributes: each statement Liquibase generates from an allowed change must
   * be one statement with no comment, whatever a value smuggled into it.
   */
  private static List<String> generatedSqlHoldsNoSeparator(Change change, Database database, String name) {
    List<String> found = new ArrayList<>();
    for (String statement : statements(change, database)) {
      if (outsideLiterals(statement)) {
        found.add(name + ": its SQL would hold a ';' or a comment outside a literal (forbidden: an attribute carries SQL"
            + " text; " + ChangelogAllowList.SQL_TEXT_RULE + ")");
      }
    }
    return found;
  }

  /** Whether SQL holds ;, -- or /* outside quoted literals and identifiers. */
  static boolean outsideLiterals(String statement) {
    char quote = 0;
    for (int i = 0; i < statement.length(); i++) {
      char c = statement.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ';' || (c == '-' && i + 1 < statement.length() && statement.charAt(i + 1) == '-')
          || (c == '/' && i + 1 < statement.length() && statement.charAt(i + 1) == '*')
          || (c == '$' && i + 1 < statement.length() && (statement.charAt(i + 1) == '$'))) {
        return true;
      }
    }
    return quote != 0;
  }

  private void identifiers(ChangelogSource source, Change change, String name, List<String> found) {
    for (String field : change.getSerializableFields()) {
      Object value = change.getSerializableFieldValue(field);
      if (!(value instanceof String text) || text.isBlank()) {
        continue;
      }
      String lower = field.toLowerCase(Locale.ROOT);
      if (lower.endsWith("schemaname") || lower.endsWith("catalogname")) {
        if (!text.equalsIgnoreCase(schema)) {
          found.add(name + ": " + field + " '" + text + "' is outside the instance schema " + schema
              + " (forbidden: leave the schema out; every object goes into the instance schema)");
        }
      } else if (field.equals("referencedTableName")) {
        if (identifier(name, field, text, found) && !mayReference(source, text)) {
          found.add(name + ": " + field + " '" + text + "' does not start with " + source.tablePrefix()
              + " or the prefix of a plugin " + source.name() + " depends on (forbidden: " + REFERENCE_RULE + ")");
        }
      } else if (OBJECT_FIELDS.contains(field)) {
        if (identifier(name, field, text, found) && !text.startsWith(source.tablePrefix())) {
          found.add(name + ": " + field + " '" + text + "' does not start with " + source.tablePrefix()
              + " (forbidden: " + (source.name().equals("cogwheel") ? "the core" : "plugin " + source.name())
              + " may only touch its own objects; other prefixes belong to other plugins)");
        }
      } else if (COLUMN_FIELDS.contains(field)) {
        identifier(name, field, text, found);
      } else if (COLUMN_LIST_FIELDS.contains(field)) {
        for (String column : text.split(",", -1)) {
          identifier(name, field, column.trim(), found);
        }
      } else if (TYPE_FIELDS.contains(field)) {
        type(name, field, text, found);
      } else if (field.equals("onDelete") || field.equals("onUpdate")) {
        if (!REFERENTIAL_ACTIONS.contains(text.toUpperCase(Locale.ROOT))) {
          found.add(name + ": " + field + " '" + text + "' (forbidden: one of " + REFERENTIAL_ACTIONS + ")");
        }
      }
    }
    if (change instanceof RenameColumnChange rename && rename.getNewColumnName() != null) {
      String why = rawId(name, rename.getNewColumnName(), rename.getColumnDataType());
      if (why != null) {
        found.add(why);
      }
    }
    if (change instanceof ModifyDataTypeChange retype && retype.getColumnName() != null) {
      String why = rawId(name, retype.getColumnName(), retype.getNewDataType());
      if (why != null) {
        found.add(why);
      }
    }
    if (change instanceof AddDefaultValueChange add) {
      literals(name, add.getColumnName(), notANumber(add.getDefaultValueNumeric()), null, found);
      literals(name, add.getColumnName(), computedDefault(add.getDefaultValueComputed()), add.getDefaultValueSequenceNext(), found);
      if (add.getDefaultValue() != null && (add.getColumnDataType() == null || !TEXT_TYPE.matcher(add.getColumnDataType()).matches())) {
        found.add(name + ": defaultValue goes into the SQL as written unless columnDataType is a text type (forbidden: use"
            + " defaultValueNumeric, defaultValueBoolean or defaultValueDate, or give a text columnDataType)");
      }
    }
  }

  private void column(ChangelogSource source, String name, ColumnConfig column, boolean definition, List<String> found) {
    if (!identifier(name, "column", column.getName(), found)) {
      return;
    }
    literals(name, column.getName(), column.getValueComputed(), column.getValueSequenceNext(), found);
    literals(name, column.getName(), notANumber(column.getValueNumeric()), null, found);
    literals(name, column.getName(), notANumber(column.getDefaultValueNumeric()), null, found);
    literals(name, column.getName(), computedDefault(column.getDefaultValueComputed()), column.getDefaultValueSequenceNext(),
        found);
    if (column.getValueSequenceCurrent() != null || column.getValueBlobFile() != null || column.getValueClobFile() != null
        || Boolean.TRUE.equals(column.getComputed())) {
      found.add(name + ": column " + column.getName() + " takes its value from SQL or a file (forbidden: "
          + ChangelogAllowList.SQL_TEXT_RULE + ")");
    }
    if (!definition) {
      return;
    }
    if (column.getType() == null) {
      found.add(name + ": column " + column.getName() + " has no type (forbidden: " + TYPE_RULE + ")");
    } else if (type(name, "column " + column.getName() + " type", column.getType(), found)) {
      String why = rawId(name, column.getName(), column.getType());
      if (why != null) {
        found.add(why);
      }
      if (column.getDefaultValue() != null && !TEXT_TYPE.matcher(column.getType()).matches()) {
        found.add(name + ": column " + column.getName() + " defaultValue on a " + column.getType() + " column goes into the"
            + " SQL as written (forbidden: use defaultValueNumeric, defaultValueBoolean or defaultValueDate)");
      }
    }
    ConstraintsConfig constraints = column.getConstraints();
    if (constraints != null) {
      if (constraints.getCheckConstraint() != null) {
        found.add(name + ": column " + column.getName() + " checkConstraint (forbidden: " + ChangelogAllowList.SQL_TEXT_RULE + ")");
      }
      for (String constraintName : new String[] {constraints.getPrimaryKeyName(), constraints.getUniqueConstraintName(),
          constraints.getForeignKeyName(), constraints.getNotNullConstraintName()}) {
        if (constraintName != null && identifier(name, "constraint", constraintName, found)
            && !constraintName.startsWith(source.tablePrefix())) {
          found.add(name + ": constraint name '" + constraintName + "' does not start with " + source.tablePrefix()
              + " (forbidden: plugin " + source.name() + " may only touch its own objects; other prefixes belong to other plugins)");
        }
      }
      inlineReference(source, name, column, found);
    }
  }

  /** A numeric value that is not a plain number as written (Liquibase writes it into the SQL as given), or null. */
  private static Object notANumber(Object numeric) {
    return numeric == null || NUMBER.matcher(numeric.toString().trim()).matches() ? null : numeric;
  }

  /** A computed default other than those on the allow-list, or null. */
  private static Object computedDefault(Object computed) {
    return computed == null || ChangelogAllowList.COMPUTED_DEFAULTS.contains(computed.toString().trim().toLowerCase(Locale.ROOT))
        ? null : computed;
  }

  private static void literals(String name, String column, Object computed, Object sequence, List<String> found) {
    if (computed != null || sequence != null) {
      found.add(name + ": column " + column + " value '" + (computed != null ? computed : sequence) + "' is not a literal of"
          + " its kind (forbidden: " + ChangelogAllowList.SQL_TEXT_RULE + ")");
    }
  }

  /** Checks a foreign key declared on a column ({@code references: table(col)} or {@code referencedTableName}). */
  private void inlineReference(ChangelogSource source, String name, ColumnConfig column, List<String> found) {
    ConstraintsConfig constraints = column.getConstraints();
    String target = constraints.getReferencedTableName();
    String targetSchema = constraints.getReferencedTableSchemaName();
    if (constraints.getReferences() != null) {
      var m = REFERENCES.matcher(constraints.getReferences().trim());
      if (!m.matches()) {
        found.add(name + ": column " + column.getName() + " references '" + constraints.getReferences() + "' (forbidden:"
            + " references is table(column, ...) with plain names; " + IDENTIFIER_RULE + ")");
        return;
      }
      target = m.group(1);
    }
    if (constraints.getReferencedColumnNames() != null) {
      for (String c : constraints.getReferencedColumnNames().split(",", -1)) {
        identifier(name, "referencedColumnNames", c.trim(), found);
      }
    }
    if (target == null || target.isBlank()) {
      return;
    }
    if (targetSchema != null && !targetSchema.isBlank() && !targetSchema.equalsIgnoreCase(schema)) {
      found.add(name + ": column " + column.getName() + " references " + targetSchema + "." + target + ", outside the"
          + " instance schema " + schema + " (forbidden: leave the schema out; every object goes into the instance schema)");
    }
    if (identifier(name, "referencedTableName", target, found) && !mayReference(source, target)) {
      found.add(name + ": column " + column.getName() + " references " + target + ", which " + source.name()
          + " does not depend on (forbidden: " + REFERENCE_RULE + ")");
    }
  }

  private static boolean identifier(String name, String what, String text, List<String> found) {
    if (text == null || !IDENTIFIER.matcher(text).matches()) {
      found.add(name + ": " + what + " '" + text + "' is not a plain identifier (forbidden: " + IDENTIFIER_RULE + ")");
      return false;
    }
    return true;
  }

  private static boolean type(String name, String what, String text, List<String> found) {
    if (!TYPE.matcher(text.trim()).matches()) {
      found.add(name + ": " + what + " '" + text + "' is not an allowed type (forbidden: " + TYPE_RULE + ")");
      return false;
    }
    return true;
  }

  /** Why a column would hold raw Discord user ids, or null. */
  static String rawId(String name, String column, String type) {
    if (column == null) {
      return null;
    }
    String unquoted = column.replace("\"", "");
    boolean byName = RAW_ID_NAME.matcher(unquoted).matches();
    boolean byType = MEMBER_NAME.matcher(unquoted).matches() && (type == null || !PID_TYPE.matcher(type.trim()).matches());
    if (!byName && !byType) {
      return null;
    }
    return name + ": column " + column + " " + type + " would store raw Discord user ids (forbidden: store the Pid"
        + " instead, e.g. " + pidName(unquoted) + " char(64))";
  }

  private static boolean mayReference(ChangelogSource source, String table) {
    String lower = table.toLowerCase(Locale.ROOT);
    return lower.startsWith(source.tablePrefix()) || source.dependsOn().stream().anyMatch(d -> lower.startsWith(d + "_"));
  }

  private static String pidName(String column) {
    String lower = column.toLowerCase(Locale.ROOT);
    String stem = lower.replaceAll("_?ids?$", "");
    return (stem.isEmpty() ? "member" : stem) + "_pid";
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
