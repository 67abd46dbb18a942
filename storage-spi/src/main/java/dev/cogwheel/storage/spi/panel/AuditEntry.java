package dev.cogwheel.storage.spi.panel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One write made through the admin API or the operator's tools: who did what to which target, and
 * the value before and after.
 *
 * @param id the entry's number, increasing
 * @param at when it was recorded
 * @param actor who ({@code token:ci}, {@code cli:alice})
 * @param action what ({@code config.set}, {@code plugin.reload}, {@code database.approve})
 * @param target on what ({@code greeter/greeting@guild:123})
 * @param oldValue the value before, if there was one
 * @param newValue the value after, if there is one
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, Optional<String> oldValue,
    Optional<String> newValue) {

  /** Checks the components. */
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
  }
}
