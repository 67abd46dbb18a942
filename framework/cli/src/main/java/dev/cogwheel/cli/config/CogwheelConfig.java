package dev.cogwheel.cli.config;

import dev.cogwheel.cli.logging.LogFormat;
import dev.cogwheel.panel.PanelServer;
import dev.cogwheel.runtime.discord.Bot;
import dev.cogwheel.runtime.discord.CommandSync;
import dev.cogwheel.runtime.metrics.MetricsServer;
import dev.cogwheel.runtime.plugin.PluginRuntimeSettings;
import dev.cogwheel.storage.spi.SettingsBinder;
import dev.cogwheel.storage.spi.StorageSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.event.Level;

/**
 * The settings of one Cogwheel instance: a Java properties file, overridden by environment
 * variables, validated once when loaded. Values are never printed when they may hold a secret
 * (passwords, the Pid secret, URLs that may carry a password).
 *
 * <p>Relative paths ({@code plugins.directory}, {@code backup.directory}) are relative to the
 * working directory, which is the instance directory when started from the distribution.
 *
 * <p>Immutable and thread-safe.
 */
public final class CogwheelConfig {

  /** The configuration file read when none is given and it exists. */
  public static final Path DEFAULT_FILE = Path.of("conf", "cogwheel.properties");

  /** Where plugin jars and development plugin directories are. */
  public static final String PLUGINS_DIRECTORY = "plugins.directory";

  /** The database's JDBC or libpq URL; the only required setting. */
  public static final String DATABASE_URL = "database.url";

  /**
   * The settings the storage backend reads (documented in docs/storage.md and docs/operations.md).
   * Kept here rather than read from the backend, which the runtime does not depend on; a test checks
   * that the PostgreSQL backend's names are all here.
   */
  static final List<String> STORAGE_KEYS = List.of(
      DATABASE_URL, "database.user", "database.password", "database.schema", "database.pool-size",
      "database.connection-timeout", "database.socket-timeout", "ephemeral.redis.url", "pid.secret",
      "config.cache", "backup.directory", "database.pg-bin-dir", "migrations.lock-ttl");

  /** Development plugin directories loaded besides the plugins directory, comma-separated. */
  public static final String DEVELOPMENT_PLUGINS = "plugins.development";

  /** Plugin ids approved for direct database access, comma-separated. */
  public static final String DATABASE_ACCESS = "plugins.database-access";

  /** How long a handler, or a cog's start or stop, may run. */
  public static final String HANDLER_TIMEOUT = "plugins.handler-timeout";

  /** How long a stop or reload waits for work in flight. */
  public static final String DRAIN_TIMEOUT = "plugins.drain-timeout";

  /** How long work for a reloading plugin waits for the new version. */
  public static final String QUEUE_TIMEOUT = "plugins.queue-timeout";

  /** Handler threads per plugin. */
  public static final String HANDLER_THREADS = "plugins.handler-threads";

  /** Whether a plugin's changesets are preceded by a backup when a plugin is loaded or reloaded. */
  public static final String MIGRATIONS_BACKUP = "migrations.backup";

  /** The prefix of a plugin's own settings: {@code plugin.<id>.<name>}. */
  public static final String PLUGIN_SETTING_PREFIX = "plugin.";

  /** How log lines are written: {@code plain} (the default) or {@code json}. */
  public static final String LOG_FORMAT = "log.format";

  /** The lowest level logged: trace, debug, info (the default), warn or error. */
  public static final String LOG_LEVEL = "log.level";

  /** Names of further settings or environment variables whose values are never logged, comma-separated. */
  public static final String LOG_REDACT = "log.redact";

  /** The bot's token; {@code DISCORD_TOKEN}. */
  public static final String DISCORD_TOKEN = "discord.token";

  /** The Discord ids of the bot's owners, comma-separated. */
  public static final String DISCORD_OWNERS = "discord.owners";

  /** Where commands are registered: {@code global} or {@code guild}. */
  public static final String DISCORD_SYNC = "discord.sync";

  /** The shards of the whole bot. */
  public static final String DISCORD_SHARDS_TOTAL = "discord.shards.total";

  /** The shards this process runs: {@code 0-3}, {@code 0,2}; all when unset. */
  public static final String DISCORD_SHARDS = "discord.shards";

  /** Where {@code cogwheel run} keeps its embedded PostgreSQL when no database URL is set. */
  public static final String EMBEDDED_DIRECTORY = "database.embedded-directory";

  /** The port {@code cogwheel run} serves {@code GET /metrics} on; metrics are off when unset. */
  public static final String METRICS_PORT = "metrics.port";

  /** The address the metrics endpoint listens on, default {@code 127.0.0.1}. */
  public static final String METRICS_BIND = "metrics.bind";

  /** The port {@code cogwheel run} serves the admin API and web panel on; the panel is off when unset. */
  public static final String PANEL_PORT = "panel.port";

  /** The address the panel listens on, default {@code 127.0.0.1}. */
  public static final String PANEL_BIND = "panel.bind";

  /** The prefix of the panel's "sign in with Discord" settings. */
  public static final String PANEL_OAUTH_PREFIX = "panel.oauth.";

  /** The Discord application's client id; sign-in with Discord is off when unset. */
  public static final String PANEL_OAUTH_CLIENT_ID = "panel.oauth.client-id";

  /** The Discord application's client secret; {@code COGWHEEL_PANEL_OAUTH_SECRET}. */
  public static final String PANEL_OAUTH_CLIENT_SECRET = "panel.oauth.client-secret";

  /** The panel's public {@code /api/v1/oauth/callback} URL, as registered with the application. */
  public static final String PANEL_OAUTH_REDIRECT_URI = "panel.oauth.redirect-uri";

  /** Discord's base URL, default {@code https://discord.com}. */
  public static final String PANEL_OAUTH_DISCORD_URL = "panel.oauth.discord-url";

  /** The settings of the plugin runtime, of logging, of the bot, of its metrics and of its panel. */
  static final List<String> RUNTIME_KEYS = List.of(PLUGINS_DIRECTORY, DEVELOPMENT_PLUGINS, DATABASE_ACCESS, HANDLER_TIMEOUT, DRAIN_TIMEOUT,
      QUEUE_TIMEOUT, HANDLER_THREADS, MIGRATIONS_BACKUP, LOG_FORMAT, LOG_LEVEL, LOG_REDACT, DISCORD_TOKEN, DISCORD_OWNERS,
      DISCORD_SYNC, DISCORD_SHARDS_TOTAL, DISCORD_SHARDS, EMBEDDED_DIRECTORY, METRICS_PORT, METRICS_BIND, PANEL_PORT, PANEL_BIND,
      PANEL_OAUTH_CLIENT_ID, PANEL_OAUTH_CLIENT_SECRET, PANEL_OAUTH_REDIRECT_URI, PANEL_OAUTH_DISCORD_URL);

  /**
   * The settings whose values are secrets: the database URL and password, the Redis URL, the Pid secret, the bot token,
   * the panel's OAuth2 client secret.
   */
  public static final List<String> SECRET_SETTINGS = List.of(DATABASE_URL, "database.password", "ephemeral.redis.url", "pid.secret",
      DISCORD_TOKEN, "panel.oauth.client-secret");

  /**
   * The suffix of a variable naming a file that holds another variable's value: {@code DISCORD_TOKEN_FILE} for
   * {@code DISCORD_TOKEN}. Every variable of {@link #ENVIRONMENT} has one.
   */
  public static final String FILE_SUFFIX = "_FILE";

  private static final long MAX_SECRET_FILE_BYTES = 64 * 1024;

  /** Environment variables and the settings they override, in the order the documentation lists them. */
  public static final Map<String, String> ENVIRONMENT = environmentNames();

  private static final List<String> KNOWN_KEYS =
      Stream.concat(STORAGE_KEYS.stream(), RUNTIME_KEYS.stream()).toList();
  private static final Pattern PLUGIN_SETTING = Pattern.compile("plugin\\.([a-z][a-z0-9]{0,31})\\.([A-Za-z0-9._-]+)");
  private static final Set<String> SECRET_KEYS = Set.copyOf(SECRET_SETTINGS);
  private static final Pattern REDACTED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  /** A host name, an IPv4 address or an IPv6 address (with or without brackets). */
  private static final Pattern BIND_ADDRESS = Pattern.compile("[A-Za-z0-9.-]+|\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?]?");

  private final Optional<Path> file;
  private final Map<String, String> values;
  private final SettingsBinder binder;

  private CogwheelConfig(Optional<Path> file, Map<String, String> values) {
    this.file = file;
    this.values = Map.copyOf(values);
    this.binder = new SettingsBinder(this::find, ConfigException::new);
  }

  private static Map<String, String> environmentNames() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("DATABASE_URL", DATABASE_URL);
    names.put("DATABASE_USER", "database.user");
    names.put("DATABASE_PASSWORD", "database.password");
    names.put("DB_SCHEMA", "database.schema");
    names.put("REDIS_URL", "ephemeral.redis.url");
    names.put("COGWHEEL_PID_SECRET", "pid.secret");
    names.put("COGWHEEL_BACKUP_DIR", "backup.directory");
    names.put("COGWHEEL_PLUGINS_DIR", PLUGINS_DIRECTORY);
    names.put("DISCORD_TOKEN", DISCORD_TOKEN);
    names.put("COGWHEEL_LOG_FORMAT", LOG_FORMAT);
    names.put("COGWHEEL_LOG_LEVEL", LOG_LEVEL);
    names.put("COGWHEEL_PANEL_OAUTH_SECRET", "panel.oauth.client-secret");
    return Collections.unmodifiableMap(names);
  }

  /**
   * Reads and validates the configuration.
   *
   * @param file the file the operator named, or null to read {@link #DEFAULT_FILE} if it exists
   * @param environment the process environment (injectable so tests do not depend on the real one)
   * @return the validated configuration
   * @throws ConfigException if the named file is missing or unreadable, the file has a setting
   *     Cogwheel does not know, or {@code database.url} is set nowhere
   */
  public static CogwheelConfig load(Path file, Map<String, String> environment) {
    return load(file, environment, true);
  }

  /**
   * Reads and validates the configuration of {@code cogwheel run}, which may have no database URL
   * (it then starts an embedded PostgreSQL).
   *
   * @param file the file the operator named, or null
   * @param environment the process environment
   * @return the validated configuration
   * @throws ConfigException naming the setting that is wrong
   */
  public static CogwheelConfig loadForRun(Path file, Map<String, String> environment) {
    return load(file, environment, false);
  }

  /**
   * These settings with a database URL (the embedded server's).
   *
   * @param jdbcUrl the URL
   * @return the new configuration
   */
  public CogwheelConfig withDatabaseUrl(String jdbcUrl) {
    Map<String, String> changed = new TreeMap<>(values);
    changed.put(DATABASE_URL, jdbcUrl);
    return new CogwheelConfig(file, changed);
  }

  /**
   * These settings with a value for a setting that is not set.
   *
   * @param key the setting
   * @param value its value unless the configuration already has one
   * @return the new configuration
   */
  public CogwheelConfig withDefault(String key, String value) {
    Map<String, String> changed = new TreeMap<>(values);
    changed.putIfAbsent(key, value);
    return new CogwheelConfig(file, changed);
  }

  private static CogwheelConfig load(Path file, Map<String, String> environment, boolean requireDatabase) {
    Objects.requireNonNull(environment, "environment");
    Optional<Path> source = file != null ? Optional.of(file)
        : Files.isRegularFile(DEFAULT_FILE) ? Optional.of(DEFAULT_FILE) : Optional.empty();
    Map<String, String> values = new TreeMap<>();
    if (source.isPresent()) {
      values.putAll(read(source.get()));
    }
    ENVIRONMENT.forEach((variable, key) -> fromEnvironment(variable, environment).ifPresent(value -> values.put(key, value)));
    values.values().removeIf(String::isEmpty);
    CogwheelConfig config = new CogwheelConfig(source, values);
    config.validate(requireDatabase);
    return config;
  }

  /**
   * A variable's value, or the content of the file its {@code _FILE} variable names: the convention
   * of Docker secrets and systemd credentials, which keeps secrets out of the environment.
   */
  private static Optional<String> fromEnvironment(String variable, Map<String, String> environment) {
    Optional<String> value = Optional.ofNullable(environment.get(variable)).map(String::trim).filter(v -> !v.isEmpty());
    String fileVariable = variable + FILE_SUFFIX;
    Optional<String> file = Optional.ofNullable(environment.get(fileVariable)).map(String::trim).filter(v -> !v.isEmpty());
    if (file.isEmpty()) {
      return value;
    }
    if (value.isPresent()) {
      throw new ConfigException(variable + " and " + fileVariable + " are both set; keep one: " + fileVariable
          + " names a file holding the value (Docker secrets, systemd credentials), " + variable + " is the value itself.");
    }
    Path path;
    try {
      path = Path.of(file.get());
    } catch (InvalidPathException e) {
      throw new ConfigException(fileVariable + " is '" + file.get() + "', which is not a valid path.", e);
    }
    String content;
    try {
      if (Files.size(path) > MAX_SECRET_FILE_BYTES) {
        throw new ConfigException(fileVariable + " names " + path + ", which is larger than " + MAX_SECRET_FILE_BYTES
            + " bytes; it must hold only the value of " + variable + ".");
      }
      content = Files.readString(path, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new ConfigException(fileVariable + " names " + path + ", which cannot be read (" + e.getClass().getSimpleName()
          + "); check that the file exists and that the bot's user may read it.", e);
    }
    if (content.isEmpty()) {
      throw new ConfigException(fileVariable + " names " + path + ", which is empty; write the value of " + variable
          + " into it.");
    }
    return Optional.of(content);
  }

  private static Map<String, String> read(Path file) {
    if (!Files.exists(file)) {
      throw new ConfigException("The configuration file " + file + " does not exist; check the path given to --config.");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("The configuration file " + file + " cannot be read: " + e.getMessage(), e);
    }
    List<String> unknown = properties.stringPropertyNames().stream()
        .filter(k -> !KNOWN_KEYS.contains(k) && !PLUGIN_SETTING.matcher(k).matches()).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(unknown.stream()
          .map(key -> "Unknown setting '" + key + "' in " + file + "; did you mean '" + closestKey(key) + "'?")
          .collect(Collectors.joining("\n"))
          + "\nThe settings are: " + String.join(", ", KNOWN_KEYS) + ", and plugin.<plugin id>.<name> for a plugin's own.");
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
    return values;
  }

  private void validate(boolean requireDatabase) {
    if (requireDatabase && !values.containsKey(DATABASE_URL)) {
      throw new ConfigException(DATABASE_URL + " is not set: set the DATABASE_URL environment variable, or "
          + DATABASE_URL + " in " + file.map(Path::toString).orElse("the configuration file (--config, default "
              + DEFAULT_FILE + ")") + ". It is a JDBC URL (jdbc:postgresql://host:5432/db) or postgres://user:pass@host:5432/db.");
    }
    binder.path(PLUGINS_DIRECTORY);
    pluginRuntimeSettings("0.0.0");
    botSettings();
    logFormat();
    logLevel();
    redactedNames();
    metricsSettings();
    panelSettings();
  }

  /**
   * Where {@code cogwheel run} serves its metrics: {@code metrics.port} and {@code metrics.bind}.
   *
   * @return the endpoint's settings; empty, metrics off, when {@code metrics.port} is not set
   * @throws ConfigException if the port is not from 1 to 65535, the address is not one, or
   *     {@code metrics.bind} is set without {@code metrics.port}
   */
  public Optional<MetricsServer.Settings> metricsSettings() {
    return endpoint(METRICS_PORT, METRICS_BIND, "metrics are off", "9464").map(e -> new MetricsServer.Settings(e.bind(), e.port()));
  }

  /**
   * Where {@code cogwheel run} serves the admin API and web panel: {@code panel.port} and {@code panel.bind}.
   *
   * @return the panel's settings; empty, panel off, when {@code panel.port} is not set
   * @throws ConfigException if the port is not from 1 to 65535, the address is not one, or
   *     {@code panel.bind} is set without {@code panel.port}
   */
  public Optional<PanelServer.Settings> panelSettings() {
    Optional<PanelServer.DiscordLogin> discord = discordLogin();
    Optional<PanelServer.Settings> panel = endpoint(PANEL_PORT, PANEL_BIND, "the panel is off", "8470")
        .map(e -> new PanelServer.Settings(e.bind(), e.port(), discord));
    if (panel.isEmpty() && discord.isPresent()) {
      throw new ConfigException(PANEL_OAUTH_CLIENT_ID + " is set but " + PANEL_PORT + " is not, so the panel is off; set "
          + PANEL_PORT + " (for example 8470) to serve it, or remove the " + PANEL_OAUTH_PREFIX + "* settings.");
    }
    return panel;
  }

  private Optional<PanelServer.DiscordLogin> discordLogin() {
    Optional<String> clientId = find(PANEL_OAUTH_CLIENT_ID);
    if (clientId.isEmpty()) {
      List<String> stray = Stream.of(PANEL_OAUTH_CLIENT_SECRET, PANEL_OAUTH_REDIRECT_URI, PANEL_OAUTH_DISCORD_URL)
          .filter(key -> find(key).isPresent()).toList();
      if (!stray.isEmpty()) {
        throw new ConfigException(String.join(", ", stray) + " set without " + PANEL_OAUTH_CLIENT_ID + ", so sign-in with"
            + " Discord is off; set " + PANEL_OAUTH_CLIENT_ID + " to the application's id from Discord's developer portal, or"
            + " remove them.");
      }
      return Optional.empty();
    }
    if (!clientId.get().matches("[0-9]{1,20}")) {
      throw new ConfigException(PANEL_OAUTH_CLIENT_ID + " is '" + clientId.get() + "'; use the application's id (digits)"
          + " from Discord's developer portal, OAuth2 page.");
    }
    String secret = find(PANEL_OAUTH_CLIENT_SECRET).orElseThrow(() -> new ConfigException(PANEL_OAUTH_CLIENT_SECRET
        + " is not set; sign-in with Discord needs the application's client secret (Discord's developer portal, OAuth2"
        + " page), best in the environment as COGWHEEL_PANEL_OAUTH_SECRET."));
    String redirect = find(PANEL_OAUTH_REDIRECT_URI).orElseThrow(() -> new ConfigException(PANEL_OAUTH_REDIRECT_URI
        + " is not set; set it to the panel's public address followed by " + PanelServer.API + "/oauth/callback, and add"
        + " the same URL to the application's redirects in Discord's developer portal."));
    String discord = find(PANEL_OAUTH_DISCORD_URL).orElse("https://discord.com");
    for (Map.Entry<String, String> url : Map.of(PANEL_OAUTH_REDIRECT_URI, redirect, PANEL_OAUTH_DISCORD_URL, discord).entrySet()) {
      if (!url.getValue().matches("https?://[^\\s/]+(/\\S*)?")) {
        throw new ConfigException(url.getKey() + " is '" + url.getValue() + "', which is not an http:// or https:// URL.");
      }
    }
    return Optional.of(new PanelServer.DiscordLogin(clientId.get(), secret, redirect, discord.replaceAll("/+$", "")));
  }

  private record Endpoint(String bind, int port) {}

  private Optional<Endpoint> endpoint(String portKey, String bindKey, String off, String examplePort) {
    Optional<String> bind = find(bindKey);
    if (bind.isPresent() && !BIND_ADDRESS.matcher(bind.get()).matches()) {
      throw new ConfigException(bindKey + " is '" + bind.get() + "', which is not an address; use an IP address such as"
          + " 127.0.0.1 (the default, this machine only), 0.0.0.0 (every interface) or ::1, or a host name.");
    }
    if (find(portKey).isEmpty()) {
      if (bind.isPresent()) {
        throw new ConfigException(bindKey + " is set but " + portKey + " is not, so " + off + "; set "
            + portKey + " (for example " + examplePort + ") to serve it, or remove " + bindKey + ".");
      }
      return Optional.empty();
    }
    return Optional.of(new Endpoint(bind.orElse("127.0.0.1"), binder.integer(portKey, 0, 1, 65_535)));
  }

  /**
   * How log lines are written: {@code log.format}, default plain.
   *
   * @return the format
   * @throws ConfigException if the setting is neither plain nor json
   */
  public LogFormat logFormat() {
    return binder.choice(LOG_FORMAT, LogFormat.PLAIN, LogFormat.class);
  }

  /**
   * The lowest level logged: {@code log.level}, default info.
   *
   * @return the level
   * @throws ConfigException if the setting is not a level
   */
  public Level logLevel() {
    return binder.choice(LOG_LEVEL, Level.INFO, Level.class);
  }

  /**
   * The settings and environment variables {@code log.redact} names, whose values are never logged.
   *
   * @return the names, in the order given
   * @throws ConfigException if an entry is not a setting or variable name
   */
  public List<String> redactedNames() {
    List<String> names = new ArrayList<>();
    for (String name : binder.list(LOG_REDACT)) {
      if (!REDACTED_NAME.matcher(name).matches()) {
        throw new ConfigException(LOG_REDACT + " lists '" + name + "', which is not a setting or environment variable name;"
            + " list names, not values, for example " + LOG_REDACT + "=OPENAI_API_KEY,plugin.weather.api-key.");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /**
   * How the plugin runtime runs plugins, from {@code plugins.*}, {@code migrations.backup} and
   * {@code plugin.<id>.<name>}.
   *
   * @param systemVersion the running Cogwheel version
   * @return the settings
   * @throws ConfigException naming the setting, its value and what is allowed
   */
  public PluginRuntimeSettings pluginRuntimeSettings(String systemVersion) {
    Set<String> databaseAccess = new TreeSet<>();
    for (String id : binder.list(DATABASE_ACCESS)) {
      if (!id.matches("[a-z][a-z0-9]{0,31}")) {
        throw new ConfigException(DATABASE_ACCESS + " lists '" + id + "', which is not a plugin id; list plugin ids"
            + " separated by commas, for example " + DATABASE_ACCESS + "=banking,legacy.");
      }
      databaseAccess.add(id);
    }
    Map<String, Map<String, String>> pluginSettings = new TreeMap<>();
    values.forEach((key, value) -> {
      Matcher matcher = PLUGIN_SETTING.matcher(key);
      if (matcher.matches()) {
        pluginSettings.computeIfAbsent(matcher.group(1), id -> new TreeMap<>()).put(matcher.group(2), value);
      }
    });
    return PluginRuntimeSettings.builder(pluginsDirectory(), systemVersion)
        .developmentPlugins(binder.paths(DEVELOPMENT_PLUGINS))
        .databaseAccess(databaseAccess)
        .handlerTimeout(binder.duration(HANDLER_TIMEOUT, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1)))
        .drainTimeout(binder.duration(DRAIN_TIMEOUT, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1)))
        .queueTimeout(binder.duration(QUEUE_TIMEOUT, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)))
        .handlerThreads(binder.integer(HANDLER_THREADS, 4, 1, 64))
        .backupBeforeMigrations(binder.bool(MIGRATIONS_BACKUP, true))
        .pluginSettings(pluginSettings)
        .build();
  }

  /**
   * The values to redact from every log line, by the name of their setting or environment variable:
   * the instance's secret settings (the database URL and password, the Redis URL, the Pid secret),
   * {@code DISCORD_TOKEN} from the environment, and every setting or environment variable that
   * {@code log.redact} names.
   *
   * @param environment the process environment
   * @return the values that are set, by name
   */
  public Map<String, String> secrets(Map<String, String> environment) {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (String key : SECRET_SETTINGS) {
      find(key).ifPresent(value -> secrets.put(key, value));
    }
    Optional.ofNullable(environment.get("DISCORD_TOKEN")).ifPresent(value -> secrets.put("DISCORD_TOKEN", value));
    for (String name : redactedNames()) {
      find(name).or(() -> Optional.ofNullable(environment.get(name))).ifPresent(value -> secrets.put(name, value));
    }
    return secrets;
  }

  /**
   * How the bot connects to Discord, from {@code discord.*} and {@code migrations.backup}.
   *
   * @return the settings; the token is empty when none is set
   * @throws ConfigException naming the setting, its value and what is allowed
   */
  public Bot.Settings botSettings() {
    Set<Long> owners = new TreeSet<>();
    for (String entry : binder.list(DISCORD_OWNERS)) {
      try {
        owners.add(Long.parseUnsignedLong(entry));
      } catch (NumberFormatException e) {
        throw new ConfigException(DISCORD_OWNERS + " lists '" + entry + "', which is not a Discord user id;"
            + " list ids separated by commas (Discord: Settings, Advanced, Developer Mode, then Copy User ID).", e);
      }
    }
    CommandSync.Scope scope = binder.choice(DISCORD_SYNC, CommandSync.Scope.GLOBAL, CommandSync.Scope.class);
    int total = binder.integer(DISCORD_SHARDS_TOTAL, 1, 1, 16_384);
    List<Integer> shards = new ArrayList<>();
    for (String range : binder.list(DISCORD_SHARDS)) {
      try {
        String[] ends = range.split("-", 2);
        int from = Integer.parseInt(ends[0].trim());
        int to = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : from;
        if (from < 0 || to >= total || from > to) {
          throw new NumberFormatException();
        }
        for (int shard = from; shard <= to; shard++) {
          shards.add(shard);
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(DISCORD_SHARDS + " has '" + range + "'; use shard numbers from 0 to " + (total - 1)
            + " (" + DISCORD_SHARDS_TOTAL + " is " + total + "), as ranges and lists such as 0-3 or 0,2.", e);
      }
    }
    return Bot.Settings.builder(find(DISCORD_TOKEN).orElse("")).owners(owners).syncScope(scope).shards(total, shards)
        .backupBeforeUpgrade(binder.bool(MIGRATIONS_BACKUP, true)).build();
  }

  /**
   * Where {@code cogwheel run} keeps its embedded PostgreSQL.
   *
   * @return {@code database.embedded-directory}, default {@code data/postgres}
   */
  public Path embeddedDatabaseDirectory() {
    return Path.of(find(EMBEDDED_DIRECTORY).orElse("data/postgres"));
  }

  /**
   * The known setting closest to an unknown one, by edit distance.
   *
   * @param key a setting name
   * @return the closest known name
   */
  static String closestKey(String key) {
    return KNOWN_KEYS.stream().min(Comparator.comparingInt((String known) -> editDistance(key, known))).orElseThrow();
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * The file the settings were read from.
   *
   * @return the file, or empty when only the environment was used
   */
  public Optional<Path> file() {
    return file;
  }

  /**
   * A setting's value.
   *
   * @param key a setting name
   * @return its value, trimmed; empty when not set
   */
  public Optional<String> find(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * The settings the storage backend opens with: every setting except the plugin runtime's.
   *
   * @return the settings
   */
  public StorageSettings storageSettings() {
    Map<String, String> storage = new TreeMap<>(values);
    storage.keySet().removeIf(key -> RUNTIME_KEYS.contains(key) || PLUGIN_SETTING.matcher(key).matches());
    return StorageSettings.of(storage);
  }

  /**
   * Where plugins are: {@code plugins.directory}, default {@code plugins}.
   *
   * @return the directory (it may not exist)
   */
  public Path pluginsDirectory() {
    return Path.of(find(PLUGINS_DIRECTORY).orElse("plugins"));
  }

  /**
   * Whether a setting may hold a secret and so is never printed.
   *
   * @param key a setting name
   * @return true for passwords, the Pid secret, URLs and every plugin's own settings (API keys)
   */
  public static boolean isSecret(String key) {
    return SECRET_KEYS.contains(key) || key.startsWith(PLUGIN_SETTING_PREFIX);
  }

  /** The settings with secret values hidden. */
  @Override
  public String toString() {
    List<String> shown = new ArrayList<>();
    new TreeMap<>(values).forEach((key, value) -> shown.add(key + "=" + (isSecret(key) ? "<hidden>" : value)));
    return "CogwheelConfig[file=" + file.map(Path::toString).orElse("none") + ", " + String.join(", ", shown) + "]";
  }
}
