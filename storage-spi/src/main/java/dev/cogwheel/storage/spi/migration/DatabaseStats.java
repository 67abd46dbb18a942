package dev.cogwheel.storage.spi.migration;

/**
 * Sizes and activity of the instance's database.
 *
 * @param databaseBytes the whole database's size
 * @param schemaBytes the instance schema's tables and indexes
 * @param tables how many tables the instance schema holds
 * @param connections connections open to the database now
 * @param maxConnections the server's connection limit
 * @param commits transactions committed in the database since the statistics were reset
 * @param rollbacks transactions rolled back since then
 * @param cacheHitRatio the share of block reads served from the server's buffer cache, 0 to 1
 */
public record DatabaseStats(
    long databaseBytes, long schemaBytes, int tables, int connections, int maxConnections, long commits,
    long rollbacks, double cacheHitRatio) {}
