package dev.cogwheel.storage.spi.panel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator token of the admin API, as stored: never the token itself, only who it is for.
 *
 * @param name the token's name, unique in the instance ({@code ci}, {@code alice-laptop})
 * @param createdBy who created it
 * @param createdAt when
 * @param lastUsedAt when it last authenticated a request; empty if never
 */
public record OperatorToken(String name, String createdBy, Instant createdAt, Optional<Instant> lastUsedAt) {

  /** Checks the components. */
  public OperatorToken {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }
}
