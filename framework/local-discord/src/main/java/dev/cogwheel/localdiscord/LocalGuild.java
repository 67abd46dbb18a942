package dev.cogwheel.localdiscord;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A snapshot of a guild the bot is in: its channels, roles and members at the moment it was taken.
 * Take a new one ({@link LocalDiscord#guild(String)}) to see later changes, or wait for them with
 * the {@code await} methods of {@link LocalDiscord}.
 *
 * @param id its snowflake
 * @param name its name
 * @param ownerId the owner's user id
 * @param channels its channels in position order
 * @param roles its roles, {@code @everyone} first
 * @param members its members, the bot included
 */
public record LocalGuild(
    String id,
    String name,
    String ownerId,
    List<LocalChannel> channels,
    List<LocalRole> roles,
    List<LocalMember> members) {

  /** Checks the arguments. */
  public LocalGuild {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ownerId, "ownerId");
    channels = List.copyOf(channels);
    roles = List.copyOf(roles);
    members = List.copyOf(members);
  }

  /**
   * Finds a channel by name.
   *
   * @param channelName the channel's name, with or without a leading {@code #}
   * @return the channel, if the guild has one of that name
   */
  public Optional<LocalChannel> findChannel(String channelName) {
    String plain = channelName.startsWith("#") ? channelName.substring(1) : channelName;
    return channels.stream().filter(c -> c.name().equals(plain) || c.id().equals(plain)).findFirst();
  }

  /**
   * Gets a channel by name.
   *
   * @param channelName the channel's name
   * @return the channel
   * @throws LocalDiscordException naming the guild's channels when there is none of that name
   */
  public LocalChannel channel(String channelName) {
    return findChannel(channelName)
        .orElseThrow(
            () -> new LocalDiscordException(
                "Guild " + name + " has no channel " + channelName + "; its channels: "
                    + channels.stream().map(LocalChannel::name).collect(Collectors.joining(", "))));
  }

  /**
   * Gets a role by name.
   *
   * @param roleName the role's name, with or without a leading {@code @}
   * @return the role
   * @throws LocalDiscordException naming the guild's roles when there is none of that name
   */
  public LocalRole role(String roleName) {
    String plain = roleName.startsWith("@") && !roleName.equals("@everyone")
        ? roleName.substring(1) : roleName;
    return roles.stream()
        .filter(r -> r.name().equals(plain) || r.id().equals(plain))
        .findFirst()
        .orElseThrow(
            () -> new LocalDiscordException(
                "Guild " + name + " has no role " + roleName + "; its roles: "
                    + roles.stream().map(LocalRole::name).collect(Collectors.joining(", "))));
  }

  /**
   * Finds a member by username or user id.
   *
   * @param usernameOrId the user's name or snowflake
   * @return the member, if that user is in the guild
   */
  public Optional<LocalMember> findMember(String usernameOrId) {
    return members.stream()
        .filter(m -> m.username().equals(usernameOrId) || m.userId().equals(usernameOrId))
        .findFirst();
  }

  /**
   * Gets a member by username or user id.
   *
   * @param usernameOrId the user's name or snowflake
   * @return the member
   * @throws LocalDiscordException when that user is not in the guild
   */
  public LocalMember member(String usernameOrId) {
    return findMember(usernameOrId)
        .orElseThrow(
            () -> new LocalDiscordException(usernameOrId + " is not a member of guild " + name));
  }
}
