package dev.cogwheel.localdiscord;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a channel: a guild's text or voice channel or category, or a direct-message
 * channel.
 *
 * @param id its snowflake
 * @param guildId its guild, empty for a DM channel
 * @param name its name (a DM channel is named after the user)
 * @param type Discord's channel type: 0 text, 1 DM, 2 voice, 4 category
 * @param parentId its category, if any
 * @param position its position among the guild's channels
 * @param overwrites its permission overwrites
 */
public record LocalChannel(
    String id,
    Optional<String> guildId,
    String name,
    int type,
    Optional<String> parentId,
    int position,
    List<PermissionOverwrite> overwrites) {

  /** Checks the arguments. */
  public LocalChannel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parentId, "parentId");
    overwrites = List.copyOf(overwrites);
  }

  /** @return whether this is a guild text channel */
  public boolean isText() {
    return type == 0;
  }

  /** @return whether this is a guild voice channel */
  public boolean isVoice() {
    return type == 2;
  }

  /** @return whether this is a category */
  public boolean isCategory() {
    return type == 4;
  }

  /** @return whether this is a direct-message channel */
  public boolean isDirect() {
    return type == 1;
  }

  /**
   * A permission overwrite of a channel.
   *
   * @param id the role or member it applies to
   * @param type 0 for a role, 1 for a member
   * @param allow the permission bits it allows
   * @param deny the permission bits it denies
   */
  public record PermissionOverwrite(String id, int type, long allow, long deny) {
    /** Checks the arguments. */
    public PermissionOverwrite {
      Objects.requireNonNull(id, "id");
    }
  }
}
