package dev.cogwheel.storage.postgres.config;

import java.time.Instant;

/** One row of {@code cogwheel_config} as the mapper reads it. */
public record ConfigRow(String key, String scopeKind, String scopeId, String value, Instant updatedAt) {}
