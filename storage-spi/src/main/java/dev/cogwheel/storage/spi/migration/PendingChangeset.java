package dev.cogwheel.storage.spi.migration;

import java.util.List;
import java.util.Objects;

/**
 * A changeset that has not been applied, as the review sees it.
 *
 * @param source the source ({@code cogwheel} for the core, else the plugin id)
 * @param id the changeset's id
 * @param author the changeset's author
 * @param checksum the changeset's checksum, which an approval is tied to
 * @param changeClass its class
 * @param reasons why it has that class, one line per change ({@code dropColumn xp_members.level: destructive})
 * @param sql the SQL it would run
 * @param approved whether an approval matching its checksum is recorded
 * @param hasRollback whether it can be rolled back
 */
public record PendingChangeset(
    String source, String id, String author, String checksum, ChangeClass changeClass, List<String> reasons,
    List<String> sql, boolean approved, boolean hasRollback) {

  /** Copies the lists. */
  public PendingChangeset {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(changeClass, "changeClass");
    reasons = List.copyOf(reasons);
    sql = List.copyOf(sql);
  }

  /**
   * The reference an operator passes to {@code cogwheel db approve}.
   *
   * @return {@code <source>:<id>}
   */
  public String ref() {
    return source + ":" + id;
  }

  /**
   * Whether the review lets it apply now.
   *
   * @return true for additive or approved destructive and opaque changesets
   */
  public boolean mayApply() {
    return changeClass == ChangeClass.ADDITIVE
        || (approved && changeClass != ChangeClass.FORBIDDEN);
  }
}
