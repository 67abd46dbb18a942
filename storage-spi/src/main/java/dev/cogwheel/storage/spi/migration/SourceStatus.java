package dev.cogwheel.storage.spi.migration;

import java.util.List;
import java.util.Objects;

/**
 * The migration status of one source.
 *
 * @param source {@code cogwheel} for the core, else the plugin id
 * @param logicalPath the path its changesets are recorded under
 * @param applied how many of its changesets are applied
 * @param pending its pending changesets in order, classified
 * @param state where it stands
 * @param problem why it is blocked or waits, with what to do; empty otherwise
 */
public record SourceStatus(
    String source, String logicalPath, int applied, List<PendingChangeset> pending, SourceState state, String problem) {

  /** Copies the list. */
  public SourceStatus {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(state, "state");
    pending = List.copyOf(pending);
    problem = problem == null ? "" : problem;
  }
}
