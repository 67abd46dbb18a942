package dev.cogwheel.storage.postgres.panel;

import dev.cogwheel.storage.spi.panel.OperatorToken;
import java.time.Instant;
import java.util.Optional;

/** A row of {@code cogwheel_panel_token} without its hash; {@code lastUsedAt} may be null. */
public record TokenRow(String name, String createdBy, Instant createdAt, Instant lastUsedAt) {

  OperatorToken token() {
    return new OperatorToken(name, createdBy, createdAt, Optional.ofNullable(lastUsedAt));
  }
}
