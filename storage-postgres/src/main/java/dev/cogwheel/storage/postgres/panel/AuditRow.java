package dev.cogwheel.storage.postgres.panel;

import dev.cogwheel.storage.spi.panel.AuditEntry;
import java.time.Instant;
import java.util.Optional;

/** A row of {@code cogwheel_audit}; the values may be null. */
public record AuditRow(long id, Instant at, String actor, String action, String target, String oldValue, String newValue) {

  AuditEntry entry() {
    return new AuditEntry(id, at, actor, action, target, Optional.ofNullable(oldValue), Optional.ofNullable(newValue));
  }
}
