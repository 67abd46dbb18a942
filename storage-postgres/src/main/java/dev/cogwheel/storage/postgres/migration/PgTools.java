package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.postgres.core.SqlErrors;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of the instance schema with PostgreSQL's client tools. {@link #backup()} writes a
 * custom-format dump of the schema with pg_dump and verifies it; {@link #restore(Path)} replaces the
 * schema with a dump's contents with pg_restore, all or nothing. The migration engine takes a backup
 * before an upgrade applies anything; {@code cogwheel db backup | restore} call these directly.
 *
 * <p>The tools come from {@code database.pg-bin-dir} when it is set, else from the PATH, and must be
 * at least the server's major version (an older pg_dump refuses a newer server). They run without a
 * shell. The password reaches them only through the PGPASSWORD environment variable, never the
 * command line, and is scrubbed from anything they print before it lands in a message.
 *
 * <p>Thread-safe; concurrent calls do not coordinate with each other.
 */
public final class PgTools {

  private static final Logger log = LoggerFactory.getLogger(PgTools.class);

  /** How long pg_dump may run. */
  static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(10);
  /** How long pg_restore may run. */
  static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(30);
  /** How long {@code --version} and {@code --list} may run. */
  static final Duration QUICK_TIMEOUT = Duration.ofSeconds(30);

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern TOOL_VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");
  private static final Pattern TOC_SCHEMA = Pattern.compile("^\\s*\\d+;\\s+\\d+\\s+\\d+\\s+SCHEMA\\s+-\\s+(\\S+)", Pattern.MULTILINE);
  /** Keeps messages readable when a tool prints a lot; the end of its output says what failed. */
  private static final int MAX_OUTPUT_CHARS = 4_000;
  private static final String HIDDEN = "****";

  private final PostgresSettings settings;
  private final DataSource dataSource;

  /**
   * Creates the tools for an instance.
   *
   * @param settings the instance's settings: connection, schema, {@code backup.directory}, {@code database.pg-bin-dir}
   * @param dataSource connections to the instance's database, used to read the server's version
   */
  public PgTools(PostgresSettings settings, DataSource dataSource) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Writes a custom-format dump of the instance schema to
   * {@code <backup.directory>/<schema>-<yyyyMMdd-HHmmss UTC>.dump} and verifies it: the file must exist,
   * be non-empty and start with pg_dump's signature. The dump is written under a {@code .partial} name
   * and renamed only once verified, so a failed run never leaves a file that looks like a backup.
   *
   * @return the verified backup file
   * @throws StorageInvalidException if pg_dump is missing or older than the server, or the backup
   *     directory cannot be created; the message says what to install or set
   * @throws StorageUnavailableException if the database cannot be reached, or pg_dump fails, times out
   *     or writes an empty file; the message carries pg_dump's output, without the password
   */
  public Path backup() {
    String schema = settings.schema();
    Server server = server("back up schema " + schema);
    Path pgDump = tool("pg_dump", server, "cannot back up");
    Path directory = settings.backupDirectory().toAbsolutePath();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageInvalidException("Could not create the backup directory " + directory + " ("
          + PostgresSettings.BACKUP_DIRECTORY + "): " + e.getMessage() + ". Create it or point "
          + PostgresSettings.BACKUP_DIRECTORY + " at a writable directory.", e);
    }
    Path file = freshFile(directory, schema + "-" + STAMP.format(Instant.now()));
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    List<String> command = new ArrayList<>(List.of(pgDump.toString(), "--format=custom", "--schema=" + schema,
        "--no-owner", "--file=" + partial));
    command.addAll(connectionArguments(server));
    try {
      Output output = run(command, "cogwheel-backup", BACKUP_TIMEOUT, "pg_dump of schema " + schema);
      if (output.exitCode() != 0) {
        throw new StorageUnavailableException("pg_dump of schema " + schema + " failed (exit code "
            + output.exitCode() + "), so there is no backup: " + output.describe(), null);
      }
      long size = Files.exists(partial) ? Files.size(partial) : 0;
      if (size == 0) {
        throw new StorageUnavailableException("The backup of schema " + schema + " is empty (0 bytes): pg_dump "
            + "wrote nothing to " + file + ". An empty backup restores nothing, so do not continue; check the "
            + "disk space of " + directory + " and pg_dump's output: " + output.describe(), null);
      }
      if (!startsWithMagic(partial)) {
        throw new StorageUnavailableException("The backup of schema " + schema + " in " + file + " is not a pg_dump"
            + " custom-format archive (it does not start with PGDMP); check " + pgDump + ": " + output.describe(), null);
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      log.info("Backup of schema {} written to {} ({} bytes)", schema, file, size);
      return file;
    } catch (IOException e) {
      throw new StorageUnavailableException("Could not check the backup " + file + " of schema " + schema + ": "
          + e.getMessage(), e);
    } finally {
      deleteQuietly(partial);
    }
  }

  /**
   * Replaces the instance schema with the contents of a backup. The file must exist, be non-empty, be a
   * pg_dump custom-format archive and hold this instance's schema and no other. The current schema is
   * set aside under another name while pg_restore recreates it in a single transaction; if pg_restore
   * fails, nothing of the dump is kept and the schema is put back as it was. Objects created after the
   * backup (a table an upgrade added) are gone afterwards, as the backup's migration history expects.
   * Run it with the bot stopped: its connections see no tables while the schema is replaced. Asking the
   * operator to confirm is the caller's job.
   *
   * @param file the backup
   * @throws StorageInvalidException if the file is missing, empty, not a custom-format dump, or a dump of
   *     another schema, or if pg_restore is missing or older than the server
   * @throws StorageUnavailableException if the database cannot be reached or pg_restore fails or times
   *     out (the schema is then as it was); the message carries pg_restore's output, without the password
   */
  public void restore(Path file) {
    Objects.requireNonNull(file, "file");
    String schema = settings.schema();
    Path dump = file.toAbsolutePath();
    checkDumpFile(dump);
    Server server = server("restore schema " + schema);
    Path pgRestore = tool("pg_restore", server, "cannot restore into");
    checkDumpSchema(pgRestore, dump, schema);
    List<String> command = new ArrayList<>(List.of(pgRestore.toString(), "--clean", "--if-exists", "--no-owner",
        "--single-transaction"));
    command.addAll(connectionArguments(server));
    command.add(dump.toString());
    String parked = park(schema);
    Output output;
    try {
      output = run(command, "cogwheel-restore", RESTORE_TIMEOUT, "pg_restore of " + dump + " into schema " + schema);
    } catch (StorageException e) {
      throw new StorageUnavailableException(e.getMessage() + " " + unpark(parked, schema), e.getCause());
    }
    if (output.exitCode() != 0) {
      throw new StorageUnavailableException("pg_restore of " + dump + " into schema " + schema + " failed (exit code "
          + output.exitCode() + "); it ran in one transaction, so nothing of the backup was kept. "
          + unpark(parked, schema) + " pg_restore said: " + output.describe(), null);
    }
    dropParked(parked);
    log.info("Schema {} restored from {}", schema, dump);
  }

  /** What a restore or backup needs to know about the server, read over the pool. */
  private record Server(Version version, String database, String user) {}

  /**
   * A PostgreSQL major version: {@code 17}, or {@code 9.6} before version 10.
   *
   * @param order compares versions
   * @param label how to print it
   */
  record Version(int order, String label) {

    static Version of(int major, int minor) {
      return major >= 10 ? new Version(major * 100, Integer.toString(major)) : new Version(major * 100 + minor, major + "." + minor);
    }

    static Version ofServerVersionNum(int num) {
      return of(num / 10_000, num / 100 % 100);
    }

    boolean olderThan(Version other) {
      return order < other.order;
    }
  }

  /**
   * Reads a tool's major version from its {@code --version} output.
   *
   * @param output e.g. {@code pg_dump (PostgreSQL) 17.2 (Debian 17.2-1)}
   * @return the version, or null if the output names none
   */
  static Version toolVersion(String output) {
    Matcher m = TOOL_VERSION.matcher(output);
    if (!m.find()) {
      return null;
    }
    return Version.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }

  private Server server(String what) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT current_setting('server_version_num')::int, current_database(), session_user");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Server(Version.ofServerVersionNum(rs.getInt(1)), rs.getString(2), rs.getString(3));
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(e, "read the server's version to " + what);
    }
  }

  /** Finds a tool and checks it is at least the server's version. */
  private Path tool(String name, Server server, String verb) {
    Path tool = locate(name, server.version());
    Output output = run(List.of(tool.toString(), "--version"), null, QUICK_TIMEOUT, tool + " --version");
    Version version = toolVersion(output.stdout());
    if (output.exitCode() != 0 || version == null) {
      throw new StorageInvalidException(tool + " --version did not print a PostgreSQL version (exit code "
          + output.exitCode() + "): " + output.describe() + ". Install the PostgreSQL client tools for version "
          + server.version().label() + ", or set " + PostgresSettings.PG_BIN_DIR + " to the directory that holds them.");
    }
    if (version.olderThan(server.version())) {
      throw new StorageInvalidException(name + " " + version.label() + " " + verb + " a PostgreSQL "
          + server.version().label() + " server (" + name + " must be at least the server's version; found "
          + tool + "); install the version " + server.version().label() + " client tools or set "
          + PostgresSettings.PG_BIN_DIR + " to the directory that holds them.");
    }
    return tool;
  }

  private Path locate(String name, Version serverVersion) {
    String file = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? name + ".exe" : name;
    String install = "install the PostgreSQL client tools for version " + serverVersion.label();
    if (settings.pgBinDir() != null) {
      Path candidate = settings.pgBinDir().resolve(file).toAbsolutePath();
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
      throw new StorageInvalidException(name + " was not found in " + PostgresSettings.PG_BIN_DIR + " ("
          + settings.pgBinDir().toAbsolutePath() + "): " + install + ", or point " + PostgresSettings.PG_BIN_DIR
          + " at the directory that holds them.");
    }
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(Pattern.quote(File.pathSeparator))) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir).resolve(file);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new StorageInvalidException(name + " was not found on the PATH: " + install + ", or set "
        + PostgresSettings.PG_BIN_DIR + " to the directory that holds them.");
  }

  /**
   * Host, port, database and user for libpq, from the JDBC URL with the settings' user; the database and
   * user fall back to what the pool is connected to. Never the password.
   */
  private List<String> connectionArguments(Server server) {
    Properties url = parsedUrl();
    List<String> args = new ArrayList<>();
    String host = url.getProperty("PGHOST");
    if (host != null && !host.isEmpty()) {
      // pgjdbc writes IPv6 hosts in brackets; libpq wants them bare. Several hosts stay comma-separated.
      args.add("--host=" + host.replace("[", "").replace("]", ""));
    }
    String port = url.getProperty("PGPORT");
    if (port != null && !port.isEmpty()) {
      args.add("--port=" + port);
    }
    String user = settings.user() != null && !settings.user().isEmpty() ? settings.user() : url.getProperty("user", server.user());
    args.add("--username=" + user);
    args.add("--dbname=" + url.getProperty("PGDBNAME", server.database()));
    // Never ask for a password on a terminal: a backup before an upgrade runs unattended.
    args.add("--no-password");
    return args;
  }

  private Properties parsedUrl() {
    Properties url = Driver.parseURL(settings.jdbcUrl(), null);
    return url == null ? new Properties() : url;
  }

  private String password() {
    return settings.password() != null ? settings.password() : parsedUrl().getProperty("password");
  }

  /** The environment that carries the password and TLS mode, which never appear on the command line. */
  private void connectionEnvironment(Map<String, String> env, String applicationName) {
    Properties url = parsedUrl();
    String password = password();
    if (password != null && !password.isEmpty()) {
      env.put("PGPASSWORD", password);
    }
    String sslMode = url.getProperty("sslmode");
    if (sslMode == null && Boolean.parseBoolean(url.getProperty("ssl"))) {
      // pgjdbc's ssl=true without an sslmode verifies the certificate and the host name.
      sslMode = "verify-full";
    }
    if (sslMode != null) {
      env.put("PGSSLMODE", sslMode);
    }
    String rootCert = url.getProperty("sslrootcert");
    if (rootCert != null) {
      env.put("PGSSLROOTCERT", rootCert);
    }
    env.put("PGCONNECT_TIMEOUT", Long.toString(Math.max(2, settings.connectionTimeout().toSeconds())));
    env.put("PGAPPNAME", applicationName);
  }

  /** What a finished tool printed. */
  private record Output(int exitCode, String stdout, String stderr) {

    /** Its standard error (or output, if that is empty), shortened to its end. */
    String describe() {
      String text = (stderr.isBlank() ? stdout : stderr).strip();
      if (text.isEmpty()) {
        return "it printed nothing";
      }
      return text.length() > MAX_OUTPUT_CHARS ? "..." + text.substring(text.length() - MAX_OUTPUT_CHARS) : text;
    }
  }

  /**
   * Runs a tool without a shell and waits for it, at most {@code timeout}.
   *
   * @param applicationName null for a run that does not connect (no password in its environment)
   */
  private Output run(List<String> command, String applicationName, Duration timeout, String what) {
    Path stdout = null;
    Path stderr = null;
    Process process = null;
    try {
      stdout = Files.createTempFile("cogwheel-pg-", ".out");
      stderr = Files.createTempFile("cogwheel-pg-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile());
      if (applicationName != null) {
        connectionEnvironment(builder.environment(), applicationName);
      }
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new StorageUnavailableException(what + " did not finish within " + human(timeout) + " and was stopped: "
            + new Output(-1, read(stdout), read(stderr)).describe(), null);
      }
      return new Output(process.exitValue(), read(stdout), read(stderr));
    } catch (IOException e) {
      throw new StorageUnavailableException("Could not run " + command.get(0) + " for " + what + ": "
          + scrub(e.getMessage()), e);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new StorageUnavailableException(what + " was interrupted and stopped.", e);
    } finally {
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  private String read(Path file) throws IOException {
    return scrub(Files.readString(file, Charset.defaultCharset()));
  }

  /** Hides the password (and the URL, which may carry one) in text a tool printed. */
  private String scrub(String text) {
    if (text == null) {
      return "";
    }
    String result = text.replace(settings.jdbcUrl(), "<database url>");
    String password = password();
    if (password != null && !password.isEmpty()) {
      result = result.replace(password, HIDDEN);
    }
    return result;
  }

  private static void kill(Process process) {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static File nullDevice() {
    return new File(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null");
  }

  private static String human(Duration duration) {
    return duration.toMinutes() > 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
  }

  /** A name no earlier backup uses, even when two backups are taken within one second. */
  private static Path freshFile(Path directory, String base) {
    Path file = directory.resolve(base + ".dump");
    for (int n = 2; Files.exists(file) || Files.exists(file.resolveSibling(file.getFileName() + ".partial")); n++) {
      file = directory.resolve(base + "-" + n + ".dump");
    }
    return file;
  }

  private static boolean startsWithMagic(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    }
  }

  private static void checkDumpFile(Path file) {
    if (!Files.exists(file)) {
      throw new StorageInvalidException("The backup file " + file + " does not exist.");
    }
    if (!Files.isRegularFile(file)) {
      throw new StorageInvalidException("The backup file " + file + " is not a regular file.");
    }
    try {
      if (Files.size(file) == 0) {
        throw new StorageInvalidException("The backup file " + file + " is empty (0 bytes) and cannot be restored;"
            + " choose another backup.");
      }
      if (!startsWithMagic(file)) {
        throw new StorageInvalidException("The file " + file + " is not a pg_dump custom-format backup (it does not"
            + " start with PGDMP); restore takes the .dump files that cogwheel db backup writes.");
      }
    } catch (IOException e) {
      throw new StorageInvalidException("Could not read the backup file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Refuses a dump of another schema, which pg_restore would write into that schema. */
  private void checkDumpSchema(Path pgRestore, Path dump, String schema) {
    Output list = run(List.of(pgRestore.toString(), "--list", dump.toString()), null, QUICK_TIMEOUT,
        "pg_restore --list " + dump);
    if (list.exitCode() != 0) {
      throw new StorageInvalidException("pg_restore cannot read the backup " + dump + " (exit code " + list.exitCode()
          + "): " + list.describe());
    }
    Set<String> schemas = new TreeSet<>();
    Matcher m = TOC_SCHEMA.matcher(list.stdout());
    while (m.find()) {
      schemas.add(m.group(1));
    }
    if (!schemas.equals(Set.of(schema))) {
      throw new StorageInvalidException("The backup " + dump + " holds " + (schemas.isEmpty() ? "no schema"
          : "schema " + String.join(", ", schemas)) + ", not this instance's schema " + schema + " alone; restoring"
          + " it would write outside the instance. Choose a backup of schema " + schema + ".");
    }
  }

  /**
   * Renames the schema out of pg_restore's way, so that the restore recreates it from the dump alone
   * ({@code --clean} cannot drop a schema that holds objects the dump does not know).
   *
   * @return the name it now has, or null if there was no schema
   */
  private String park(String schema) {
    String parked = schema.substring(0, Math.min(schema.length(), 36)) + "_pre_restore_"
        + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    try (Connection c = dataSource.getConnection()) {
      if (!schemaExists(c, schema)) {
        return null;
      }
      if (schemaExists(c, parked)) {
        throw new StorageUnavailableException("Schema " + parked + " is left from an earlier restore of schema " + schema
            + "; drop or rename it, then restore again.", null);
      }
      try (Statement s = c.createStatement()) {
        // Both names are validated identifiers ([a-z0-9_]); DDL takes no parameters.
        s.execute("ALTER SCHEMA \"" + schema + "\" RENAME TO \"" + parked + "\"");
      }
      return parked;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "set schema " + schema + " aside before the restore");
    }
  }

  /**
   * Puts the set-aside schema back after a failed restore.
   *
   * @return a sentence saying where the schema stands
   */
  private String unpark(String parked, String schema) {
    if (parked == null) {
      return "Schema " + schema + " did not exist and still does not.";
    }
    String why;
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      if (!schemaExists(c, schema)) {
        s.execute("ALTER SCHEMA \"" + parked + "\" RENAME TO \"" + schema + "\"");
        return "Schema " + schema + " is as it was.";
      }
      // Something created the schema meanwhile (a bot started?); it is not ours to drop.
      why = "a new schema " + schema + " exists now; look at it, drop it if it is not needed, then";
    } catch (SQLException e) {
      why = SqlErrors.translate(e, "put schema " + parked + " back").getMessage() + " Then";
    }
    log.error("Restore of schema {} failed and the original schema is kept as {}", schema, parked);
    return "The original schema could not be put back and is kept as " + parked + ": " + why
        + " rename it with: ALTER SCHEMA " + parked + " RENAME TO " + schema + ";";
  }

  private void dropParked(String parked) {
    if (parked == null) {
      return;
    }
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA \"" + parked + "\" CASCADE");
    } catch (SQLException e) {
      log.warn("The restore succeeded, but the replaced schema {} could not be dropped ({}); drop it with:"
          + " DROP SCHEMA {} CASCADE", parked, SqlErrors.translate(e, "drop schema " + parked).getMessage(), parked);
    }
  }

  private static boolean schemaExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("Could not delete {}", file, e);
    }
  }
}
