package dev.cogwheel.storage.spi.migration;

import java.time.Instant;

/**
 * A changeset recorded as applied.
 *
 * @param source {@code cogwheel} for the core, else the plugin id
 * @param id the changeset's id
 * @param author its author
 * @param executedAt when it ran
 * @param execType how Liquibase recorded it ({@code EXECUTED}; a baseline records {@code EXECUTED} too)
 * @param checksum its checksum when it ran
 */
public record AppliedChangeset(String source, String id, String author, Instant executedAt, String execType, String checksum) {}
