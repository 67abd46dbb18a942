/**
 * The operator's command line, {@code cogwheel} ({@link dev.cogwheel.cli.CogwheelCli}), built
 * with picocli: {@code cogwheel db ...} inspects and migrates the instance's database through the
 * storage backend's {@link dev.cogwheel.storage.spi.migration.SchemaMigrations} and
 * {@link dev.cogwheel.storage.spi.migration.DatabaseInspector}. The backend is found with
 * {@link java.util.ServiceLoader}; nothing here depends on PostgreSQL.
 */
package dev.cogwheel.cli;
