package dev.cogwheel.storage.postgres.table;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's increment, waiting to be group-committed.
 *
 * @param table the quoted table name
 * @param keys the primary key columns as statement entries (alias, quoted column, type)
 * @param column the quoted column to add to
 * @param keyTexts the key values as text, in key order
 * @param delta the amount
 * @param what the operation, for error messages
 * @param result completed with the new value after commit
 */
record IncrementRequest(
    String table, List<Map<String, Object>> keys, String column, List<String> keyTexts, long delta,
    String what, CompletableFuture<Long> result) {}
