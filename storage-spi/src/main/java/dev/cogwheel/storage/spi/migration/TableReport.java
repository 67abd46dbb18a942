package dev.cogwheel.storage.spi.migration;

import java.util.Objects;

/**
 * One table of the instance schema.
 *
 * @param name the table's name
 * @param owner the plugin that owns it by prefix, {@code cogwheel} for the host's, or {@code liquibase}
 * @param rowEstimate the planner's row estimate (exact counts would scan every table)
 * @param totalBytes its size including indexes and TOAST
 */
public record TableReport(String name, String owner, long rowEstimate, long totalBytes) {

  /** Checks the components. */
  public TableReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
  }
}
