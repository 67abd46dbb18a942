package dev.cogwheel.localdiscord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes the immutable snapshots the public API hands out ({@link LocalGuild}, {@link LocalChannel},
 * {@link LocalMember}, {@link LocalRole}, {@link LocalMessage}) of the world's mutable records,
 * which never leave the package.
 *
 * <p>Not thread-safe: called under the world's lock (see {@link WorldState}).
 */
final class Snapshots {

  private final Directory directory;

  Snapshots(Directory directory) {
    this.directory = directory;
  }

  LocalGuild of(Model.Guild guild) {
    List<LocalChannel> channelSnapshots = guild.channels.values().stream()
        .sorted((a, b) -> Integer.compare(a.position, b.position))
        .map(this::of).toList();
    List<LocalRole> roles = guild.roles.values().stream()
        .map(r -> new LocalRole(Json.id(r.id), r.name, r.permissions, r.position)).toList();
    List<LocalMember> members = guild.members.values().stream().map(m -> of(guild, m)).toList();
    return new LocalGuild(
        Json.id(guild.id), guild.name, Json.id(guild.ownerId), channelSnapshots, roles, members);
  }

  LocalChannel of(Model.Channel channel) {
    List<LocalChannel.PermissionOverwrite> overwrites = new ArrayList<>();
    channel.overwrites.forEach(o -> overwrites.add(new LocalChannel.PermissionOverwrite(
        o.path("id").asText(), o.path("type").asInt(), Json.bits(o.get("allow")), Json.bits(o.get("deny")))));
    String name = channel.type == 1 ? directory.user(channel.recipientId).name : channel.name;
    return new LocalChannel(
        Json.id(channel.id),
        channel.guildId == 0 ? Optional.empty() : Optional.of(Json.id(channel.guildId)),
        name,
        channel.type,
        channel.parentId == 0 ? Optional.empty() : Optional.of(Json.id(channel.parentId)),
        channel.position,
        overwrites);
  }

  LocalMember of(Model.Guild guild, Model.Member member) {
    return new LocalMember(
        Json.id(guild.id),
        Json.id(member.userId),
        directory.user(member.userId).name,
        Optional.ofNullable(member.nick),
        member.roles.stream().map(Json::id).toList(),
        member.voiceChannelId == 0 ? Optional.empty() : Optional.of(Json.id(member.voiceChannelId)),
        Optional.ofNullable(member.timeoutUntil));
  }

  LocalMessage of(Model.Message message) {
    return new LocalMessage(message.json, Json.snowflake(message.json.get("author"), "id") == directory.bot.id);
  }

  /** @return the channel's messages that are not deleted, oldest first */
  List<LocalMessage> messages(long channelId) {
    return directory.channel(channelId).messages.values().stream()
        .filter(m -> !m.deleted).map(this::of).toList();
  }
}
