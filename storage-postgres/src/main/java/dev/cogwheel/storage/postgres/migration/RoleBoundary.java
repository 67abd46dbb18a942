package dev.cogwheel.storage.postgres.migration;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a plugin's role may hold after its changesets ran, read from PostgreSQL's catalog on the
 * role's own connection. Privileges keep the role away from everything it does not own; this check
 * covers what it does own but the bot's user would run: the bot's user reads and writes the plugin's
 * tables, so a trigger, rule, policy, function or view of the role, or a default, check or index
 * expression calling a volatile or non-built-in function, would run with the bot's privileges and
 * reach other plugins' tables. The role may own only tables and sequences named with its prefix in
 * the instance schema, and their indexes, constraints and defaults built of built-in, non-volatile
 * functions (and {@code nextval} of its own sequences, {@code random}, {@code gen_random_uuid},
 * {@code clock_timestamp}).
 */
final class RoleBoundary {

  /** PostgreSQL's first OID for objects created after initdb: below it, everything is built in. */
  private static final long FIRST_NORMAL_OBJECT_ID = 16384;
  private static final Set<String> VOLATILE_ALLOWED = Set.of("nextval", "random", "gen_random_uuid", "clock_timestamp");
  private static final Pattern FUNCTION_ID = Pattern.compile(":(?:funcid|opfuncid) (\\d+)");
  /** A regclass constant (nextval's argument): its value is the relation's OID, little-endian. */
  private static final Pattern REGCLASS_CONSTANT = Pattern.compile(
      "\\{CONST :consttype 2205 [^{}]*?:constisnull false [^{}]*?:constvalue 4 \\[ (-?\\d+) (-?\\d+) (-?\\d+) (-?\\d+)");

  private static final String ME = "(SELECT oid FROM pg_roles WHERE rolname = current_user)";

  private static final String OWNED = "SELECT pg_describe_object(d.classid, d.objid, 0),"
      + " CASE WHEN d.classid = 'pg_largeobject'::regclass THEN format('SELECT lo_unlink(%s)', d.objid)"
      + " ELSE format('DROP %s %s CASCADE', CASE o.type WHEN 'composite type' THEN 'type' ELSE o.type END, o.identity) END"
      + " FROM pg_shdepend d, LATERAL pg_identify_object(d.classid, d.objid, 0) o"
      + " WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = " + ME + " AND d.deptype = 'o'"
      + " AND d.dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))"
      + " AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE d.classid = 'pg_class'::regclass AND c.oid = d.objid"
      + " AND c.relnamespace = to_regnamespace(?) AND c.relkind IN ('r', 'p', 'S') AND left(c.relname, length(?)) = ?)";

  private static final String ATTACHED = "SELECT format('trigger %I on %s', t.tgname, t.tgrelid::regclass),"
      + " format('DROP TRIGGER %I ON %s', t.tgname, t.tgrelid::regclass)"
      + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relowner = " + ME
      + " UNION ALL SELECT format('rule %I on %s', r.rulename, r.ev_class::regclass),"
      + " format('DROP RULE %I ON %s', r.rulename, r.ev_class::regclass)"
      + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN' AND c.relowner = " + ME
      + " UNION ALL SELECT format('policy %I on %s', p.polname, p.polrelid::regclass),"
      + " format('DROP POLICY %I ON %s', p.polname, p.polrelid::regclass)"
      + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relowner = " + ME;

  private static final String EXPRESSIONS = "SELECT format('%s of %s.%I', CASE WHEN a.attgenerated <> '' THEN"
      + " 'generated column' ELSE 'default' END, ad.adrelid::regclass, a.attname), ad.adbin::text,"
      + " format('ALTER TABLE %s ALTER COLUMN %I %s', ad.adrelid::regclass, a.attname,"
      + " CASE WHEN a.attgenerated <> '' THEN 'DROP EXPRESSION' ELSE 'DROP DEFAULT' END)"
      + " FROM pg_attrdef ad JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
      + " JOIN pg_class c ON c.oid = ad.adrelid WHERE c.relowner = " + ME
      + " UNION ALL SELECT format('constraint %I of %s', co.conname, co.conrelid::regclass), co.conbin::text,"
      + " format('ALTER TABLE %s DROP CONSTRAINT %I', co.conrelid::regclass, co.conname)"
      + " FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid WHERE co.conbin IS NOT NULL AND c.relowner = " + ME
      + " UNION ALL SELECT format('index %s', i.indexrelid::regclass),"
      + " concat(i.indexprs::text, ' ', i.indpred::text), format('DROP INDEX %s', i.indexrelid::regclass)"
      + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relowner = " + ME
      + " AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)";

  private RoleBoundary() {}

  /**
   * What the connection's role holds beyond what it may: each finding and the statement that undoes it.
   *
   * @param connection a connection logged in as the plugin's role
   * @param schema the instance schema
   * @param prefix the plugin's table prefix, {@code <id>_}
   * @return finding to undo statement, in catalog order; empty when the role holds only what it may
   * @throws SQLException if the catalog cannot be read
   */
  static Map<String, String> offences(Connection connection, String schema, String prefix) throws SQLException {
    Map<String, String> offences = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(OWNED)) {
      ps.setString(1, '"' + schema + '"');
      ps.setString(2, prefix);
      ps.setString(3, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          offences.put(rs.getString(1) + " (a plugin's role may own only tables and sequences named " + prefix
              + "* in schema " + schema + ")", rs.getString(2));
        }
      }
    }
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(ATTACHED)) {
      while (rs.next()) {
        offences.put(rs.getString(1) + " (it would run with the bot's privileges when the bot writes the table)",
            rs.getString(2));
      }
    }
    List<String[]> expressions = new ArrayList<>();
    Set<Long> functions = new LinkedHashSet<>();
    Set<Long> relations = new LinkedHashSet<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(EXPRESSIONS)) {
      while (rs.next()) {
        String tree = rs.getString(2);
        expressions.add(new String[] {rs.getString(1), tree, rs.getString(3)});
        functions.addAll(functionIds(tree));
        relations.addAll(regclassConstants(tree));
      }
    }
    Set<Long> unsafe = unsafeFunctions(connection, functions);
    Set<Long> foreign = notOwned(connection, relations);
    for (String[] expression : expressions) {
      boolean callsUnsafe = functionIds(expression[1]).stream().anyMatch(unsafe::contains);
      boolean namesForeign = regclassConstants(expression[1]).stream().anyMatch(foreign::contains);
      if (callsUnsafe || namesForeign) {
        offences.put(expression[0] + (callsUnsafe ? " calls a volatile or non-built-in function" : " names a relation"
            + " the plugin's role does not own") + " (it would run with the bot's privileges when the bot writes the"
            + " table)", expression[2]);
      }
    }
    return offences;
  }

  private static Set<Long> functionIds(String tree) {
    Set<Long> ids = new LinkedHashSet<>();
    Matcher m = FUNCTION_ID.matcher(tree);
    while (m.find()) {
      ids.add(Long.parseLong(m.group(1)));
    }
    return ids;
  }

  private static Set<Long> regclassConstants(String tree) {
    Set<Long> ids = new LinkedHashSet<>();
    Matcher m = REGCLASS_CONSTANT.matcher(tree);
    while (m.find()) {
      long oid = 0;
      for (int i = 4; i >= 1; i--) {
        oid = (oid << 8) | (Integer.parseInt(m.group(i)) & 0xFF);
      }
      ids.add(oid);
    }
    return ids;
  }

  private static Set<Long> unsafeFunctions(Connection connection, Set<Long> ids) throws SQLException {
    Set<Long> unsafe = new LinkedHashSet<>();
    if (ids.isEmpty()) {
      return unsafe;
    }
    Map<Long, Boolean> safe = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT oid::bigint, proname, provolatile FROM pg_proc WHERE oid = ANY (?::oid[])")) {
      Array array = connection.createArrayOf("bigint", ids.toArray());
      ps.setArray(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long oid = rs.getLong(1);
          safe.put(oid, oid < FIRST_NORMAL_OBJECT_ID
              && (!"v".equals(rs.getString(3)) || VOLATILE_ALLOWED.contains(rs.getString(2))));
        }
      }
    }
    for (Long id : ids) {
      if (!safe.getOrDefault(id, false)) {
        unsafe.add(id);
      }
    }
    return unsafe;
  }

  private static Set<Long> notOwned(Connection connection, Set<Long> ids) throws SQLException {
    Set<Long> foreign = new LinkedHashSet<>(ids);
    if (ids.isEmpty()) {
      return foreign;
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT oid::bigint FROM pg_class WHERE oid = ANY (?::oid[]) AND relowner = " + ME)) {
      ps.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          foreign.remove(rs.getLong(1));
        }
      }
    }
    return foreign;
  }
}
