package dev.cogwheel.storage.postgres.migration;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Sequence;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Reads raw SQL of a changelog with a SQL parser (JSqlParser) and finds what it reaches: every table,
 * view, index and sequence it names, in whatever clause (a subquery, a foreign key's REFERENCES, a
 * view's query, a {@code nextval('...')}), and every function. SQL that names another schema or an
 * object outside the plugin's prefix, or a statement of a kind a plugin never needs (GRANT, SET ROLE,
 * CREATE FUNCTION, COPY...), is forbidden; SQL the parser cannot read is opaque, and what it may do
 * is then bounded by the database role the plugin's changesets run as.
 */
final class SqlBoundary {

  /** Statements a plugin's raw SQL may hold, checked object by object. */
  private static final Set<Class<? extends Statement>> STATEMENTS = Set.of(CreateTable.class, Alter.class,
      CreateIndex.class, CreateSequence.class, AlterSequence.class, CreateView.class, Drop.class, Insert.class,
      Update.class, Delete.class, Truncate.class, Comment.class);
  private static final Set<String> DROPPABLE = Set.of("TABLE", "INDEX", "SEQUENCE", "VIEW");
  private static final Pattern SERVER_FUNCTION = Pattern.compile("(?i)(pg_|lo_|dblink|current_setting|set_config|query_to_xml).*");
  private static final Set<String> SEQUENCE_FUNCTIONS = Set.of("nextval", "setval", "currval");
  /** Fallback for statements the parser cannot read: settings that would outlive the changeset or leave its role. */
  private static final Pattern SESSION = Pattern.compile(
      "(?i)search_path|\\bset\\s+(local\\s+|session\\s+)?(schema|role|session\\s+authorization)\\b|\\breset\\s+(role|all|session)\\b"
          + "|\\bsession_authorization\\b|\\bset\\s+local\\s+role\\b");
  private static final Pattern PUBLIC_SCHEMA = Pattern.compile("(?i)(^|[^a-z0-9_])\"?public\"?\\s*\\.");

  /**
   * The parser's own executor (which it needs for its time-out) leaves a non-daemon thread behind
   * when a statement does not parse, which would keep {@code cogwheel db} from exiting.
   */
  private static final ExecutorService PARSERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "cogwheel-sql-review");
    thread.setDaemon(true);
    return thread;
  });

  /** What the review learns from one piece of SQL. */
  record Finding(boolean readable, List<String> forbidden) {}

  private final String schema;

  SqlBoundary(String schema) {
    this.schema = schema;
  }

  /**
   * Checks raw SQL (one or several statements).
   *
   * @param sql the text
   * @param prefix the plugin's prefix; every object named must have it
   * @param rawIdColumn tells whether a column would hold raw Discord user ids, and why
   */
  Finding check(String sql, String prefix, Set<String> objects,
      java.util.function.BiFunction<String, String, String> rawIdColumn) {
    List<String> forbidden = new ArrayList<>();
    Scan scan = Scan.of(sql);
    for (String word : scan.words()) {
      if (objects.contains(word) && !word.startsWith(prefix)) {
        forbidden.add("names " + word + ", an object of the instance schema outside " + prefix + "* (forbidden: a plugin's"
            + " SQL reaches only its own objects; other prefixes belong to other plugins and to the core)");
      }
    }
    if (SESSION.matcher(sql).find()) {
      forbidden.add("changes the search_path, the role or the session (forbidden: unqualified names must resolve in the"
          + " instance schema and the changeset must run as the plugin's role; a changed setting would outlive the"
          + " changeset on the pooled connection)");
    }
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(sql, PARSERS, null);
    } catch (JSQLParserException | RuntimeException e) {
      if (PUBLIC_SCHEMA.matcher(sql).find()) {
        forbidden.add("names the public schema (forbidden: Cogwheel never writes outside the instance schema)");
      }
      return new Finding(false, forbidden);
    }
    if (statements.size() != scan.statements()) {
      forbidden.add("PostgreSQL would read " + scan.statements() + " statement(s) where the SQL parser reads "
          + statements.size() + " (forbidden: write plain SQL whose statements both read alike)");
    }
    for (Statement statement : statements) {
      check(statement, prefix, rawIdColumn, forbidden);
    }
    return new Finding(true, forbidden.stream().distinct().toList());
  }

  /**
   * Checks a where clause as Liquibase writes it after {@code WHERE}: one condition, naming only the
   * plugin's own objects.
   */
  Finding checkCondition(String table, String where, String prefix, Set<String> objects) {
    if (where.contains(";")) {
      return new Finding(false, List.of("where holds ';' (forbidden: a where clause is one condition, not statements)"));
    }
    return check("SELECT 1 FROM " + table + " WHERE " + where, prefix, objects, (c, t) -> null);
  }

  private void check(Statement statement, String prefix, java.util.function.BiFunction<String, String, String> rawIdColumn,
      List<String> forbidden) {
    String kind = statement.getClass().getSimpleName();
    if (!(statement instanceof Select) && STATEMENTS.stream().noneMatch(c -> c.isInstance(statement))) {
      forbidden.add("a " + kind + " statement (forbidden: raw SQL may create, alter and drop the plugin's tables, indexes,"
          + " views and sequences and read and write their rows; privileges, roles, settings, functions and server"
          + " access are the host's)");
      return;
    }
    if (statement instanceof Drop drop) {
      if (!DROPPABLE.contains(drop.getType().toUpperCase(Locale.ROOT))) {
        forbidden.add("DROP " + drop.getType() + " (forbidden: raw SQL drops only the plugin's tables, indexes, views and"
            + " sequences)");
      }
      if (drop.getParameters() != null && drop.getParameters().stream().anyMatch(p -> p.equalsIgnoreCase("CASCADE"))) {
        forbidden.add("DROP ... CASCADE (forbidden: it also drops the objects of others that depend on it)");
      }
    }
    if (statement instanceof Alter alter && alter.toString().toUpperCase(Locale.ROOT).matches("(?s).*\\bOWNER\\s+TO\\b.*")) {
      forbidden.add("ALTER ... OWNER TO (forbidden: the host owns who owns the plugin's objects)");
    }
    if (statement instanceof Alter alter && alter.getAlterExpressions() != null) {
      for (AlterExpression expression : alter.getAlterExpressions()) {
        if (expression.getFkSourceTable() != null) {
          qualified("table", expression.getFkSourceSchema(), expression.getFkSourceTable(), prefix, forbidden);
        }
        if (expression.getColDataTypeList() != null) {
          for (AlterExpression.ColumnDataType column : expression.getColDataTypeList()) {
            String why = rawIdColumn.apply(column.getColumnName(), String.valueOf(column.getColDataType()));
            if (why != null) {
              forbidden.add(why);
            }
            references(column.getColumnSpecs(), prefix, forbidden);
          }
        }
      }
    }
    if (statement instanceof CreateIndex index && index.getIndex() != null) {
      object("index", index.getIndex().getName(), prefix, forbidden);
    }
    if (statement instanceof CreateTable create && create.getColumnDefinitions() != null) {
      for (ColumnDefinition column : create.getColumnDefinitions()) {
        String why = rawIdColumn.apply(column.getColumnName(), column.getColDataType().toString());
        if (why != null) {
          forbidden.add(why);
        }
        references(column.getColumnSpecs(), prefix, forbidden);
      }
    }
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    walk(statement, seen, prefix, forbidden);
  }

  /** A column's REFERENCES clause is kept as words by the parser: the word after it is the table. */
  private void references(List<String> specs, String prefix, List<String> forbidden) {
    if (specs == null) {
      return;
    }
    for (int i = 0; i + 1 < specs.size(); i++) {
      if (specs.get(i).equalsIgnoreCase("REFERENCES")) {
        String target = specs.get(i + 1);
        int paren = target.indexOf('(');
        target = (paren < 0 ? target : target.substring(0, paren)).trim();
        int dot = target.lastIndexOf('.');
        qualified("table", dot < 0 ? null : target.substring(0, dot), dot < 0 ? target : target.substring(dot + 1), prefix,
            forbidden);
      }
    }
  }

  private void walk(Object node, Map<Object, Boolean> seen, String prefix, List<String> forbidden) {
    if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
        || node instanceof Enum<?> || node instanceof Character || node instanceof Class<?> || node instanceof Node
        || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Column || node instanceof AllTableColumns) {
      // A column's qualifier is usually an alias; the tables it may name are found in FROM and JOIN.
      return;
    }
    if (node instanceof Table table) {
      qualified("table", table.getSchemaName(), table.getName(), prefix, forbidden);
      return;
    }
    if (node instanceof Sequence sequence) {
      qualified("sequence", sequence.getSchemaName(), sequence.getName(), prefix, forbidden);
      return;
    }
    if (node instanceof Function function) {
      function(function, prefix, forbidden);
    }
    if (node instanceof Collection<?> collection) {
      for (Object item : collection) {
        walk(item, seen, prefix, forbidden);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        walk(e.getKey(), seen, prefix, forbidden);
        walk(e.getValue(), seen, prefix, forbidden);
      }
      return;
    }
    if (node.getClass().isArray()) {
      if (!node.getClass().getComponentType().isPrimitive()) {
        for (int i = 0; i < Array.getLength(node); i++) {
          walk(Array.get(node, i), seen, prefix, forbidden);
        }
      }
      return;
    }
    if (!node.getClass().getName().startsWith("net.sf.jsqlparser.")) {
      return;
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || Node.class.isAssignableFrom(field.getType())) {
          continue;
        }
        try {
          field.setAccessible(true);
          walk(field.get(node), seen, prefix, forbidden);
        } catch (ReflectiveOperationException | RuntimeException e) {
          forbidden.add("SQL the review could not walk (" + e.getClass().getSimpleName() + ")");
        }
      }
    }
  }

  private void function(Function function, String prefix, List<String> forbidden) {
    List<String> parts = function.getMultipartName() == null ? List.of() : function.getMultipartName();
    String name = parts.isEmpty() ? String.valueOf(function.getName()) : unquote(parts.get(parts.size() - 1));
    if (parts.size() > 1) {
      qualifiedSchema("function " + String.join(".", parts), unquote(parts.get(parts.size() - 2)), forbidden);
    }
    if (SERVER_FUNCTION.matcher(name).matches()) {
      forbidden.add("calls " + name + " (forbidden: server functions, files, settings and other databases are not a"
          + " plugin's)");
    }
    if (SEQUENCE_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT)) && function.getParameters() != null
        && !function.getParameters().isEmpty() && function.getParameters().get(0) instanceof StringValue sequence) {
      String[] split = sequence.getValue().split("\\.");
      qualified("sequence", split.length > 1 ? split[split.length - 2] : null, split[split.length - 1], prefix, forbidden);
    }
  }

  private void qualified(String what, String schemaName, String name, String prefix, List<String> forbidden) {
    if (schemaName != null && !schemaName.isBlank()) {
      qualifiedSchema(what + " " + schemaName + "." + name, unquote(schemaName), forbidden);
    }
    object(what, name, prefix, forbidden);
  }

  private void qualifiedSchema(String what, String schemaName, List<String> forbidden) {
    if (schemaName.equalsIgnoreCase("public")) {
      forbidden.add(what + " names the public schema (forbidden: Cogwheel never writes outside the instance schema)");
    } else if (!schemaName.equalsIgnoreCase(schema)) {
      forbidden.add(what + " is in schema " + schemaName + " (forbidden: a plugin's SQL stays in the instance schema " + schema
          + ")");
    }
  }

  private static void object(String what, String name, String prefix, List<String> forbidden) {
    if (name == null) {
      return;
    }
    String folded = name.startsWith("\"") ? unquote(name) : name.toLowerCase(Locale.ROOT);
    if (!folded.startsWith(prefix)) {
      forbidden.add("names " + what + " " + name + ", which does not start with " + prefix + " (forbidden: a plugin's SQL"
          + " reaches only its own objects; other prefixes belong to other plugins and to the core)");
    }
  }

  /**
   * How PostgreSQL's lexer splits SQL: statements at ';' outside literals, quoted identifiers,
   * dollar quotes and (nested) comments; and every word, inside string literals too (a
   * {@code nextval('x')} or {@code 'x'::regclass} names an object by a string). This does not replace
   * the parser; it checks the parser's reading and finds names wherever they stand.
   */
  record Scan(int statements, Set<String> words) {

    static Scan of(String sql) {
      Set<String> words = new java.util.HashSet<>();
      int statements = 0;
      boolean content = false;
      int i = 0;
      int n = sql.length();
      while (i < n) {
        char c = sql.charAt(i);
        if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
          int end = sql.indexOf('\n', i);
          i = end < 0 ? n : end + 1;
        } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
          int depth = 0;
          while (i < n) {
            if (sql.startsWith("/*", i)) {
              depth++;
              i += 2;
            } else if (sql.startsWith("*/", i)) {
              depth--;
              i += 2;
              if (depth == 0) {
                break;
              }
            } else {
              i++;
            }
          }
        } else if (c == '\'' || c == '"') {
          int end = i + 1;
          StringBuilder text = new StringBuilder();
          while (end < n) {
            if (sql.charAt(end) == c) {
              if (end + 1 < n && sql.charAt(end + 1) == c) {
                text.append(c);
                end += 2;
                continue;
              }
              break;
            }
            text.append(sql.charAt(end++));
          }
          addWords(text.toString(), c == '"', words);
          i = end + 1;
          content = true;
        } else if (c == '$' && dollarTag(sql, i) != null) {
          String tag = dollarTag(sql, i);
          int end = sql.indexOf(tag, i + tag.length());
          end = end < 0 ? n : end;
          addWords(sql.substring(i + tag.length(), end), false, words);
          i = end + tag.length();
          content = true;
        } else if (c == ';') {
          if (content) {
            statements++;
          }
          content = false;
          i++;
        } else {
          int end = i;
          while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
          }
          if (end > i) {
            words.add(sql.substring(i, end).toLowerCase(Locale.ROOT));
            i = end;
          } else {
            i++;
          }
          content |= !Character.isWhitespace(c);
        }
      }
      return new Scan(content ? statements + 1 : statements, words);
    }

    private static void addWords(String text, boolean identifier, Set<String> words) {
      if (identifier) {
        words.add(text);
        return;
      }
      for (String word : text.split("[^A-Za-z0-9_]+")) {
        if (!word.isEmpty()) {
          words.add(word.toLowerCase(Locale.ROOT));
        }
      }
    }

    private static String dollarTag(String sql, int at) {
      int end = at + 1;
      while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
        end++;
      }
      return end < sql.length() && sql.charAt(end) == '$' && (end == at + 1 || !Character.isDigit(sql.charAt(at + 1)))
          ? sql.substring(at, end + 1) : null;
    }
  }

  private static String unquote(String name) {
    return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
  }
}
