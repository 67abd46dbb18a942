package dev.cogwheel.storage.postgres.core;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.LoggerFactory;

/**
 * Creates the instance schema if needed and applies the core changelog (module cogwheel-migrations)
 * into it, with DATABASECHANGELOG and its lock kept in the same schema. Plugin changelogs and the
 * review of pending changesets belong to the migration engine, which runs after this.
 */
public final class CoreSchema {

  /** Where the core changelog is on the class path. */
  public static final String CHANGELOG = "db/changelog/cogwheel/changelog.yaml";

  private CoreSchema() {}

  /**
   * Applies the core changelog.
   *
   * @param dataSource connections whose search path is the instance schema
   * @param schema the instance schema
   * @throws StorageUnavailableException if the database cannot be reached
   * @throws StorageInvalidException if the changelog cannot be applied (for example an edited changeset)
   */
  public static void apply(DataSource dataSource, String schema) {
    try (Connection connection = dataSource.getConnection()) {
      MigrationLock.acquire(connection, schema);
      try {
        ensureSchema(connection, schema);
        update(connection, schema);
      } finally {
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        MigrationLock.release(connection, schema);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "apply the core schema to " + schema);
    }
  }

  private static void update(Connection connection, String schema) {
    try {
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
      database.setDefaultSchemaName(schema);
      database.setLiquibaseSchemaName(schema);
      Map<String, Object> scope = Map.of(
          Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(CoreSchema.class.getClassLoader()),
          // Liquibase's console messages go to its log, not to the bot's standard output.
          Scope.Attr.ui.name(), new LoggerUIService(),
          "liquibase.analytics.enabled", Boolean.FALSE,
          "liquibase.command.showSummaryOutput", "LOG");
      Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
          .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
          .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
          .execute());
    } catch (LiquibaseException e) {
      LoggerFactory.getLogger(CoreSchema.class).debug("core changelog failed", e);
      throw new StorageInvalidException("Applying the core changelog to schema " + schema + " failed: " + e.getMessage());
    } catch (Exception e) {
      throw SqlErrors.translate(e, "apply the core schema to " + schema);
    }
  }

  private static void ensureSchema(Connection connection, String schema) throws SQLException {
    try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      exists.setString(1, schema);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement create = connection.createStatement()) {
      // The name passed Identifiers.schema: lower-case letters, digits and underscores only.
      create.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
    }
  }
}
