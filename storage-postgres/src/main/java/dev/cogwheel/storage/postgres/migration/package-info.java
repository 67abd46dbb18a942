/**
 * The operator's side of the PostgreSQL backend: schema migrations of the instance (the core
 * changelog and each plugin's, reviewed before they apply), backups and restores of the instance
 * schema with pg_dump and pg_restore ({@link dev.cogwheel.storage.postgres.migration.PgTools}), and
 * the database's health, tables and statistics
 * ({@link dev.cogwheel.storage.postgres.migration.PostgresDatabaseInspector}). These serve the host
 * and {@code cogwheel db}; a plugin never reaches them.
 */
package dev.cogwheel.storage.postgres.migration;
