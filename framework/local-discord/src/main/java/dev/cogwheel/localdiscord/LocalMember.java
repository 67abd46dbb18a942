package dev.cogwheel.localdiscord;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a guild member.
 *
 * @param guildId the guild
 * @param userId the user's snowflake
 * @param username the user's name
 * @param nick the member's nickname, if set
 * @param roleIds the member's roles (without {@code @everyone})
 * @param voiceChannelId the voice channel the member is in, if any
 * @param timeoutUntil the end of the member's timeout, if timed out
 */
public record LocalMember(
    String guildId,
    String userId,
    String username,
    Optional<String> nick,
    List<String> roleIds,
    Optional<String> voiceChannelId,
    Optional<Instant> timeoutUntil) {

  /** Checks the arguments. */
  public LocalMember {
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(nick, "nick");
    roleIds = List.copyOf(roleIds);
    Objects.requireNonNull(voiceChannelId, "voiceChannelId");
    Objects.requireNonNull(timeoutUntil, "timeoutUntil");
  }
}
