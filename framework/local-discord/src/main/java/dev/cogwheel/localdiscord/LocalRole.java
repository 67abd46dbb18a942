package dev.cogwheel.localdiscord;

import java.util.Objects;

/**
 * A snapshot of a guild role.
 *
 * @param id its snowflake
 * @param name its name ({@code @everyone} for the guild's base role)
 * @param permissions its permission bits
 * @param position its place in the hierarchy, 0 for {@code @everyone}
 */
public record LocalRole(String id, String name, long permissions, int position) {
  /** Checks the arguments. */
  public LocalRole {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }
}
