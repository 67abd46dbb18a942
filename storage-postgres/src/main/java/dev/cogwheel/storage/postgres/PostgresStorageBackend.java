package dev.cogwheel.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import dev.cogwheel.storage.PidDeriver;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.postgres.config.ConfigChangeBus;
import dev.cogwheel.storage.postgres.config.PostgresConfigStore;
import dev.cogwheel.storage.postgres.core.AutoCommitRunner;
import dev.cogwheel.storage.postgres.core.CoreSchema;
import dev.cogwheel.storage.postgres.core.Identifiers;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.postgres.core.SqlErrors;
import dev.cogwheel.storage.postgres.core.StorageMetrics;
import dev.cogwheel.storage.postgres.ephemeral.EphemeralSpace;
import dev.cogwheel.storage.postgres.migration.PgTools;
import dev.cogwheel.storage.postgres.migration.PostgresDatabaseInspector;
import dev.cogwheel.storage.postgres.migration.PostgresSchemaMigrations;
import dev.cogwheel.storage.postgres.panel.PostgresPanelStore;
import dev.cogwheel.storage.postgres.state.PostgresStateStore;
import dev.cogwheel.storage.postgres.table.IncrementBatcher;
import dev.cogwheel.storage.postgres.table.SessionConfiguration;
import dev.cogwheel.storage.postgres.table.TableFactory;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.StorageSettings;
import dev.cogwheel.storage.spi.migration.DatabaseInspector;
import dev.cogwheel.storage.spi.migration.SchemaMigrations;
import dev.cogwheel.storage.spi.panel.PanelStore;
import dev.cogwheel.storage.state.StateStore;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.io.Resources;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.apache.ibatis.type.JdbcType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL backend of one instance: a fixed HikariCP pool pinned to the instance schema, MyBatis
 * mappers over it, the core schema applied at open, the config cache with its notification listener,
 * the increment group committer and the ephemeral space.
 */
public final class PostgresStorageBackend implements StorageBackend {

  private static final Logger log = LoggerFactory.getLogger(PostgresStorageBackend.class);
  private static final List<String> MAPPERS = List.of("StateMapper", "ConfigMapper", "CatalogMapper", "TableMapper", "InstanceMapper",
      "PanelMapper");

  private final PostgresSettings settings;
  private final HikariDataSource dataSource;
  private final SqlSessionFactory sessions;
  private final SessionRunner autoCommit;
  private final ConfigChangeBus configBus;
  private final IncrementBatcher increments;
  private final TableFactory tables;
  private final EphemeralSpace ephemeral;
  private volatile HmacPidDeriver pids;
  private final PostgresSchemaMigrations migrations;
  private final PostgresDatabaseInspector inspector;
  private final PostgresStateStore hostState;
  private final PostgresPanelStore panel;
  private final Map<String, PostgresStorageService> services = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private PostgresStorageBackend(PostgresSettings settings, StorageSettings raw) {
    this.settings = settings;
    this.dataSource = pool(settings);
    try {
      CoreSchema.apply(dataSource, settings.schema());
      this.sessions = sessionFactory(dataSource);
      this.autoCommit = new AutoCommitRunner(sessions);
      this.ephemeral = EphemeralSpace.open(raw, settings.schema());
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    this.configBus = new ConfigChangeBus(settings.schema(), this::openListenerConnection, settings.configCache());
    this.increments = new IncrementBatcher(sessions, settings.schema(), settings.poolSize());
    this.tables = new TableFactory(sessions, increments);
    this.hostState = new PostgresStateStore(SchemaMigrations.CORE, autoCommit);
    this.panel = new PostgresPanelStore(sessions, autoCommit);
    this.migrations = new PostgresSchemaMigrations(settings, dataSource, new PgTools(settings, dataSource));
    this.inspector = new PostgresDatabaseInspector(settings, dataSource,
        () -> configBus.listeningAfterFirstAttempt(Duration.ofSeconds(3)));
    log.info("Storage open on schema {} with a pool of {} connections{}", settings.schema(), settings.poolSize(),
        settings.redisUrl() != null ? " and Redis for ephemeral values" : "");
  }

  /**
   * Validates the settings and opens the backend.
   *
   * @param settings the operator's settings
   * @return the backend
   */
  public static PostgresStorageBackend open(StorageSettings settings) {
    return new PostgresStorageBackend(PostgresSettings.from(settings), settings);
  }

  @Override
  public StorageService forPlugin(String pluginId) {
    checkOpen();
    Identifiers.pluginId(pluginId);
    return services.computeIfAbsent(pluginId, id -> new PostgresStorageService(id, sessions, autoCommit, tables,
        new PostgresConfigStore(id, autoCommit, sessions, configBus), ephemeral.forPlugin(id)));
  }

  @Override
  public void release(String pluginId) {
    PostgresStorageService service = services.remove(pluginId);
    if (service != null) {
      service.release();
    }
    configBus.removeListeners(pluginId);
  }

  @Override
  public StateStore hostState() {
    checkOpen();
    return hostState;
  }

  @Override
  public SchemaMigrations migrations() {
    return migrations;
  }

  @Override
  public DatabaseInspector inspector() {
    return inspector;
  }

  @Override
  public PanelStore panel() {
    checkOpen();
    return panel;
  }

  /**
   * Resolved on first use, so operator tools that never derive Pids (a restore, say) work even when
   * the configured secret does not match the stored one; the host calls it at startup to fail fast.
   */
  @Override
  public PidDeriver pids() {
    HmacPidDeriver resolved = pids;
    if (resolved == null) {
      synchronized (this) {
        resolved = pids;
        if (resolved == null) {
          checkOpen();
          resolved = HmacPidDeriver.resolve(sessions, settings.pidSecret());
          pids = resolved;
        }
      }
    }
    return resolved;
  }

  /**
   * The instance schema.
   *
   * @return the schema name
   */
  public String schema() {
    return settings.schema();
  }

  /**
   * The config cache and its notification listener, for operators' health checks and tests.
   *
   * @return the bus
   */
  public ConfigChangeBus configBus() {
    return configBus;
  }

  /**
   * The pool, for the host's own tools (migrations, health); never handed to plugins.
   *
   * @return the data source
   */
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    increments.close();
    configBus.close();
    ephemeral.close();
    dataSource.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageUnavailableException("The storage backend of schema " + settings.schema() + " is closed.", null);
    }
  }

  private Connection openListenerConnection() throws java.sql.SQLException {
    Properties props = driverProperties(settings);
    props.setProperty("ApplicationName", "cogwheel-config-listener");
    props.remove("socketTimeout");
    return DriverManager.getConnection(settings.jdbcUrl(), props);
  }

  private static Properties driverProperties(PostgresSettings settings) {
    Properties props = new Properties();
    if (settings.user() != null) {
      props.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      props.setProperty("password", settings.password());
    }
    props.setProperty("ApplicationName", "cogwheel");
    // Keeps row values out of exception messages, and so out of logs.
    props.setProperty("logServerErrorDetail", "false");
    props.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectionTimeout().toSeconds())));
    props.setProperty("socketTimeout", Long.toString(settings.socketTimeout().toSeconds()));
    props.setProperty("tcpKeepAlive", "true");
    return props;
  }

  private static HikariDataSource pool(PostgresSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("cogwheel-" + settings.schema());
    config.setJdbcUrl(settings.jdbcUrl());
    config.setDataSourceProperties(driverProperties(settings));
    // Every connection's search path is the instance schema alone, so nothing above names it and
    // nothing can land in public.
    config.addDataSourceProperty("currentSchema", settings.schema());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(settings.poolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 5_000));
    config.setAutoCommit(true);
    // The pool's own meters (hikaricp.connections.*, tagged pool=cogwheel-<schema>), next to StorageMetrics';
    // the pool removes them when it closes.
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(Metrics.globalRegistry));
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw SqlErrors.translate(e, "open the database pool for schema " + settings.schema());
    }
  }

  private static SqlSessionFactory sessionFactory(DataSource dataSource) {
    Configuration configuration = new SessionConfiguration(new Environment("cogwheel", new JdbcTransactionFactory(), dataSource));
    configuration.setCacheEnabled(false);
    configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
    configuration.setJdbcTypeForNull(JdbcType.OTHER);
    configuration.setCallSettersOnNulls(true);
    for (String mapper : MAPPERS) {
      String resource = "dev/cogwheel/storage/postgres/mapper/" + mapper + ".xml";
      try (InputStream xml = Resources.getResourceAsStream(PostgresStorageBackend.class.getClassLoader(), resource)) {
        new XMLMapperBuilder(xml, configuration, resource, configuration.getSqlFragments()).parse();
      } catch (IOException e) {
        throw new IllegalStateException("mapper " + resource + " is missing from cogwheel-storage-postgres", e);
      }
    }
    return new SqlSessionFactoryBuilder().build(configuration);
  }
}
