package dev.cogwheel.storage.spi.migration;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an upgrade did.
 *
 * @param backup the verified backup taken before anything applied, if one was
 * @param sources each source's status after the upgrade, with how many changesets this upgrade applied
 * @param appliedNow per source, how many changesets this upgrade applied (same order as {@code sources})
 */
public record UpgradeResult(Optional<Path> backup, List<SourceStatus> sources, List<Integer> appliedNow) {

  /** Copies the lists. */
  public UpgradeResult {
    sources = List.copyOf(sources);
    appliedNow = List.copyOf(appliedNow);
  }
}
