package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.StorageInvalidException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL role each plugin's changesets run as, {@code <schema>_<plugin>}: created by the host,
 * owner of the plugin's tables, with USAGE and CREATE on the instance schema and nothing else. A
 * plugin's changesets run on a connection that logs in as that role, so no SQL inside a changeset
 * ({@code RESET ROLE}, {@code SET ROLE}, {@code SET SESSION AUTHORIZATION}) can act as anyone else.
 * The role may log in only while its changesets run, with a fresh random password set just before.
 *
 * <p>The bot's own user is a member of every plugin role (it reaches their tables through the
 * storage service); no plugin role is a member of anything. When the bot's user may not create
 * roles, {@link #enabled(Connection)} is false and changesets run as the bot's user, as before.
 */
final class PluginRoles {

  private static final Logger log = LoggerFactory.getLogger(PluginRoles.class);
  private static final int MAX_NAME_LENGTH = 63;
  private static final SecureRandom RANDOM = new SecureRandom();

  private volatile Probe probe;

  /** What the bot's user may do, read once. */
  private record Probe(String operator, boolean enabled, int serverVersion) {}

  /**
   * Whether plugins' changesets run as roles of their own: whether the bot's user may create roles.
   * Read from the database the first time, and said once when it may not.
   *
   * @param host a connection of the bot's user
   * @throws SQLException if the database fails
   */
  boolean enabled(Connection host) throws SQLException {
    return probe(host).enabled();
  }

  private Probe probe(Connection host) throws SQLException {
    Probe known = probe;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (probe == null) {
        try (Statement s = host.createStatement();
            ResultSet rs = s.executeQuery("SELECT current_user, rolsuper OR rolcreaterole,"
                + " current_setting('server_version_num')::int FROM pg_roles WHERE rolname = current_user")) {
          rs.next();
          Probe read = new Probe(rs.getString(1), rs.getBoolean(2), rs.getInt(3));
          if (!read.enabled()) {
            log.warn("Database user {} may not create roles, so plugins' changesets run as {} itself: PostgreSQL"
                + " does not keep one plugin's changesets away from other plugins' tables, the core tables or the"
                + " migration history, only the review does. Grant the privilege to have each plugin's changesets run"
                + " as a role of its own: ALTER ROLE {} CREATEROLE; (docs/operations.md, Plugin roles)",
                read.operator(), read.operator(), quote(read.operator()));
          }
          probe = read;
        }
      }
      return probe;
    }
  }

  /**
   * The role of a plugin in an instance.
   *
   * @throws StorageInvalidException if the name would be longer than PostgreSQL allows
   */
  static String roleName(String schema, String pluginId) {
    String role = schema + "_" + pluginId;
    if (role.length() > MAX_NAME_LENGTH) {
      throw new StorageInvalidException("plugin " + pluginId + ": its database role " + role + " would be longer than"
          + " PostgreSQL's " + MAX_NAME_LENGTH + " characters; use a database.schema of at most "
          + (MAX_NAME_LENGTH - 1 - pluginId.length()) + " characters.");
    }
    return role;
  }

  /**
   * Makes the plugin's role ready (created, its tables handed over, its grants), lets it log in with a
   * fresh password and opens a connection as it. Closing the login closes the connection and takes
   * the role's LOGIN and password away again.
   *
   * @param host a connection of the bot's user, under the migration lock; committed here
   * @param schema the instance schema
   * @param pluginId the plugin
   * @param dependsOn the plugins it depends on, whose tables its foreign keys may reference
   * @return the login
   * @throws StorageInvalidException if the role cannot be used safely, saying what to do
   * @throws SQLException if the database fails
   */
  Login login(Connection host, String schema, String pluginId, List<String> dependsOn) throws SQLException {
    String role = roleName(schema, pluginId);
    prepare(host, schema, pluginId, role);
    grantReferences(host, schema, role, dependsOn);
    commit(host);
    char[] password = password();
    try {
      try (Statement s = host.createStatement()) {
        s.execute("ALTER ROLE " + quote(role) + " LOGIN");
      }
      // The driver computes the SCRAM verifier: the password itself never reaches the server's logs.
      host.unwrap(PGConnection.class).alterUserPassword(role, password, "scram-sha-256");
      commit(host);
      Connection connection;
      try {
        connection = DriverManager.getConnection(withoutCredentials(host.getMetaData().getURL()),
            properties(schema, role, password, host.getNetworkTimeout()));
      } catch (SQLException e) {
        lock(host, role);
        throw new StorageInvalidException("plugin " + pluginId + ": cannot log in as its database role " + role + ": "
            + e.getMessage() + ". Allow that role to log in with a password from the bot's host (pg_hba.conf, the same"
            + " line as the bot's user), or see docs/operations.md, Plugin roles.", e);
      }
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT session_user, current_user")) {
        rs.next();
        if (!role.equals(rs.getString(1)) || !role.equals(rs.getString(2))) {
          throw new StorageInvalidException("plugin " + pluginId + ": the connection meant to log in as " + role
              + " logged in as " + rs.getString(1) + ", so its changesets do not run. Check that nothing between"
              + " the bot and PostgreSQL (a pooler, say) changes the user a connection asks for.");
        }
      } catch (SQLException | RuntimeException e) {
        connection.close();
        lock(host, role);
        throw e;
      }
      return new Login(host, role, connection);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * Makes the plugin's role ready without running anything as it: at every upgrade, so the tables of
   * a plugin with nothing to apply become its role's too.
   *
   * @param host a connection of the bot's user, under the migration lock; committed here
   * @param schema the instance schema
   * @param pluginId the plugin
   * @param dependsOn the plugins it depends on
   * @throws StorageInvalidException if the role cannot be used safely, saying what to do
   * @throws SQLException if the database fails
   */
  void adopt(Connection host, String schema, String pluginId, List<String> dependsOn) throws SQLException {
    String role = roleName(schema, pluginId);
    prepare(host, schema, pluginId, role);
    grantReferences(host, schema, role, dependsOn);
    commit(host);
  }

  /** A connection logged in as a plugin's role. */
  final class Login implements AutoCloseable {

    private final Connection host;
    private final String role;
    private final Connection connection;

    private Login(Connection host, String role, Connection connection) {
      this.host = host;
      this.role = role;
      this.connection = connection;
    }

    String role() {
      return role;
    }

    Connection connection() {
      return connection;
    }

    @Override
    public void close() throws SQLException {
      try {
        connection.close();
      } finally {
        try {
          lock(host, role);
        } catch (SQLException e) {
          // A failure on the bot's connection (the history, say) leaves its transaction aborted.
          if (host.getAutoCommit()) {
            throw e;
          }
          host.rollback();
          lock(host, role);
        }
      }
    }
  }

  private void prepare(Connection host, String schema, String pluginId, String role) throws SQLException {
    String quoted = quote(role);
    String marker = "cogwheel plugin role of plugin " + pluginId + " in schema " + schema;
    try (Statement s = host.createStatement()) {
      RoleRow row = roleRow(host, role);
      if (row == null) {
        s.execute("CREATE ROLE " + quoted + " NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
            + " NOINHERIT");
        s.execute("COMMENT ON ROLE " + quoted + " IS '" + marker + "'");
        log.info("Created database role {} for the changesets of plugin {}", role, pluginId);
        row = roleRow(host, role);
      } else if (!marker.equals(row.comment())) {
        throw new StorageInvalidException("plugin " + pluginId + ": a database role " + role + " exists that Cogwheel"
            + " did not create (its comment is not '" + marker + "'), so its changesets do not run as it. Rename or"
            + " drop that role.");
      }
      List<String> problems = new ArrayList<>();
      if (row.elevated()) {
        problems.add("it has SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS (ALTER ROLE " + quoted
            + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS)");
      }
      for (String granted : memberOf(host, role)) {
        problems.add("it is a member of " + granted + " (REVOKE " + quote(granted) + " FROM " + quoted + ")");
      }
      if (!problems.isEmpty()) {
        throw new StorageInvalidException("plugin " + pluginId + ": its database role " + role + " has been given more"
            + " than its own tables: " + String.join("; ", problems) + ". Its changesets do not run until that is"
            + " undone.");
      }
      if (!check(host, "SELECT has_schema_privilege(?, to_regnamespace('" + quote(schema)
          + "'), 'USAGE, CREATE')", role)) {
        s.execute("GRANT USAGE, CREATE ON SCHEMA " + quote(schema) + " TO " + quoted);
      }
      if (!check(host, "SELECT has_database_privilege(?, current_database(), 'CONNECT')", role)) {
        s.execute("GRANT CONNECT ON DATABASE " + quote(currentDatabase(host)) + " TO " + quoted);
      }
      boolean member = check(host, "SELECT pg_has_role(current_user, ?, 'USAGE')", role)
          && (probe(host).serverVersion() < 160000 || check(host, "SELECT pg_has_role(current_user, ?, 'SET')", role));
      if (!member) {
        s.execute("GRANT " + quoted + " TO " + quote(probe(host).operator())
            + (probe(host).serverVersion() >= 160000 ? " WITH INHERIT TRUE, SET TRUE" : ""));
      }
    }
    handOver(host, schema, pluginId, role);
    commit(host);
  }

  /** A plugin's foreign keys may point at the tables of the plugins it depends on, and at no others. */
  private static void grantReferences(Connection host, String schema, String role, List<String> dependsOn)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    for (String dependency : dependsOn) {
      if (!dependency.matches("[a-z][a-z0-9]{0,31}")) {
        continue;
      }
      String prefix = dependency + "_";
      try (PreparedStatement ps = host.prepareStatement("SELECT c.relname FROM pg_class c"
          + " WHERE c.relnamespace = to_regnamespace(?) AND c.relkind IN ('r', 'p') AND left(c.relname, length(?)) = ?"
          + " AND NOT has_table_privilege(?, c.oid, 'REFERENCES') ORDER BY 1")) {
        ps.setString(1, quote(schema));
        ps.setString(2, prefix);
        ps.setString(3, prefix);
        ps.setString(4, role);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
      }
    }
    try (Statement s = host.createStatement()) {
      for (String table : tables) {
        s.execute("GRANT REFERENCES ON TABLE " + quote(schema) + "." + quote(table)
            + " TO " + quote(role));
      }
    }
  }

  /** Tables and sequences of the plugin that another user (the bot's, before roles) created become the role's. */
  private static void handOver(Connection host, String schema, String pluginId, String role) throws SQLException {
    String prefix = pluginId + "_";
    List<String[]> objects = new ArrayList<>();
    // A sequence that belongs to a column (serial, identity) moves with its table.
    try (PreparedStatement ps = host.prepareStatement("SELECT c.relname, c.relkind FROM pg_class c"
        + " WHERE c.relnamespace = to_regnamespace(?) AND c.relkind IN ('r', 'p', 'S')"
        + " AND left(c.relname, length(?)) = ? AND pg_get_userbyid(c.relowner) <> ?"
        + " AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
        + " AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))"
        + " ORDER BY c.relname")) {
      ps.setString(1, quote(schema));
      ps.setString(2, prefix);
      ps.setString(3, prefix);
      ps.setString(4, role);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          objects.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    try (Statement s = host.createStatement()) {
      for (String[] object : objects) {
        String kind = object[1].equals("S") ? "SEQUENCE" : "TABLE";
        s.execute("ALTER " + kind + " " + quote(schema) + "." + quote(object[0])
            + " OWNER TO " + quote(role));
        log.info("Handed {} {} over to the database role {} of plugin {}", kind.toLowerCase(java.util.Locale.ROOT),
            object[0], role, pluginId);
      }
    }
  }

  private record RoleRow(String comment, boolean elevated) {}

  private static RoleRow roleRow(Connection host, String role) throws SQLException {
    try (PreparedStatement ps = host.prepareStatement("SELECT shobj_description(oid, 'pg_authid'),"
        + " rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new RoleRow(rs.getString(1), rs.getBoolean(2)) : null;
      }
    }
  }

  private static List<String> memberOf(Connection host, String role) throws SQLException {
    List<String> granted = new ArrayList<>();
    try (PreparedStatement ps = host.prepareStatement("SELECT g.rolname FROM pg_auth_members m"
        + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ? ORDER BY 1")) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          granted.add(rs.getString(1));
        }
      }
    }
    return granted;
  }

  private static boolean check(Connection host, String sql, String role) throws SQLException {
    try (PreparedStatement ps = host.prepareStatement(sql)) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static String currentDatabase(Connection host) throws SQLException {
    try (Statement s = host.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Takes LOGIN and the password away, and any setting the role's own SQL gave itself. */
  private static void lock(Connection host, String role) throws SQLException {
    try (Statement s = host.createStatement()) {
      s.execute("ALTER ROLE " + quote(role) + " NOLOGIN PASSWORD NULL");
      s.execute("ALTER ROLE " + quote(role) + " RESET ALL");
    }
    commit(host);
  }

  private static void commit(Connection host) throws SQLException {
    if (!host.getAutoCommit()) {
      host.commit();
    }
  }

  private static Properties properties(String schema, String role, char[] password, int networkTimeoutMs) {
    Properties props = new Properties();
    props.setProperty("user", role);
    props.setProperty("password", new String(password));
    props.setProperty("ApplicationName", "cogwheel-migrations");
    props.setProperty("currentSchema", schema);
    props.setProperty("logServerErrorDetail", "false");
    props.setProperty("connectTimeout", "10");
    // The bot's own socket timeout, so a migration may take as long on either connection.
    props.setProperty("socketTimeout", Long.toString((networkTimeoutMs + 999L) / 1000L));
    return props;
  }

  /** The bot's URL without the user and password it may carry, which would override the role's. */
  static String withoutCredentials(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    List<String> kept = new ArrayList<>();
    for (String parameter : url.substring(query + 1).split("&")) {
      String key = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
      if (!key.equalsIgnoreCase("user") && !key.equalsIgnoreCase("password") && !parameter.isEmpty()) {
        kept.add(parameter);
      }
    }
    return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  /** Quotes a name for use as an SQL identifier. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static char[] password() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }
}
