/**
 * A plugin's own relational tables, declared in its changelog and reached as tables of Java records.
 * Record component {@code guildId} maps to column {@code guild_id}; the table's primary key is its key.
 */
package dev.cogwheel.storage.table;
