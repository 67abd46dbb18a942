package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes the world's users, guilds, roles, channels, members and voice states as the JSON objects
 * Discord sends for them, in REST answers and gateway events, with every field JDA requires. Each
 * call builds a new tree from the current state. Messages are written by {@link Messages}.
 *
 * <p>Not thread-safe: called under the world's lock (see {@link WorldState}).
 */
final class Payloads {

  private final Directory directory;

  Payloads(Directory directory) {
    this.directory = directory;
  }

  ObjectNode userJson(Model.User user) {
    ObjectNode json = Json.object()
        .put("id", Json.id(user.id))
        .put("username", user.name)
        .put("discriminator", "0")
        .put("public_flags", 0)
        .put("bot", user.bot);
    json.putNull("global_name");
    json.putNull("avatar");
    return json;
  }

  /** @return the bot's own user, as {@code GET users/@me} answers it */
  ObjectNode selfJson() {
    return userJson(directory.bot).put("verified", true).put("mfa_enabled", false).put("flags", 0);
  }

  ObjectNode memberJson(Model.Guild guild, Model.Member member, boolean withUser) {
    ObjectNode json = Json.object();
    if (withUser) {
      json.set("user", userJson(directory.user(member.userId)));
    }
    if (member.nick == null) {
      json.putNull("nick");
    } else {
      json.put("nick", member.nick);
    }
    ArrayNode roles = json.putArray("roles");
    member.roles.forEach(r -> roles.add(Json.id(r)));
    json.put("joined_at", Json.time(member.joinedAt));
    json.putNull("premium_since");
    json.putNull("avatar");
    json.put("deaf", member.deaf);
    json.put("mute", member.mute);
    json.put("pending", false);
    json.put("flags", 0);
    json.set("communication_disabled_until", Json.timeOrNull(member.timeoutUntil));
    return json;
  }

  ObjectNode roleJson(Model.Role role) {
    ObjectNode json = Json.object()
        .put("id", Json.id(role.id))
        .put("name", role.name)
        .put("color", role.color)
        .put("position", role.position)
        .put("permissions", Long.toString(role.permissions))
        .put("managed", role.managed)
        .put("hoist", role.hoist)
        .put("mentionable", role.mentionable)
        .put("flags", 0);
    json.putObject("colors").put("primary_color", role.color);
    json.putNull("icon");
    json.putNull("unicode_emoji");
    return json;
  }

  ArrayNode rolesJson(long guildId) {
    ArrayNode result = Json.array();
    directory.guild(guildId).roles.values().forEach(r -> result.add(roleJson(r)));
    return result;
  }

  ObjectNode channelJson(Model.Channel channel) {
    ObjectNode json = Json.object()
        .put("id", Json.id(channel.id))
        .put("type", channel.type)
        .put("flags", 0);
    if (channel.lastMessageId == 0) {
      json.putNull("last_message_id");
    } else {
      json.put("last_message_id", Json.id(channel.lastMessageId));
    }
    if (channel.type == 1) {
      json.putArray("recipients").add(userJson(directory.user(channel.recipientId)));
      return json;
    }
    json.put("guild_id", Json.id(channel.guildId))
        .put("name", channel.name)
        .put("position", channel.position)
        .put("nsfw", channel.nsfw);
    if (channel.parentId == 0) {
      json.putNull("parent_id");
    } else {
      json.put("parent_id", Json.id(channel.parentId));
    }
    json.set("permission_overwrites", channel.overwrites.deepCopy());
    if (channel.type == 0) {
      json.put("rate_limit_per_user", channel.rateLimitPerUser);
      if (channel.topic == null) {
        json.putNull("topic");
      } else {
        json.put("topic", channel.topic);
      }
    } else if (channel.isVoice()) {
      json.put("bitrate", channel.bitrate)
          .put("user_limit", channel.userLimit)
          .put("rate_limit_per_user", channel.rateLimitPerUser);
      json.putNull("rtc_region");
    }
    return json;
  }

  ArrayNode channelsJson(long guildId) {
    ArrayNode result = Json.array();
    directory.guild(guildId).channels.values().forEach(c -> result.add(channelJson(c)));
    return result;
  }

  ObjectNode voiceStateJson(Model.Guild guild, Model.Member member) {
    ObjectNode json = Json.object()
        .put("guild_id", Json.id(guild.id))
        .put("user_id", Json.id(member.userId));
    if (member.voiceChannelId == 0) {
      json.putNull("channel_id");
    } else {
      json.put("channel_id", Json.id(member.voiceChannelId));
    }
    json.set("member", memberJson(guild, member, true));
    json.put("session_id", member.voiceSessionId == null ? "" : member.voiceSessionId)
        .put("deaf", member.deaf)
        .put("mute", member.mute)
        .put("self_deaf", false)
        .put("self_mute", false)
        .put("self_video", false)
        .put("self_stream", false)
        .put("suppress", false);
    json.putNull("request_to_speak_timestamp");
    return json;
  }

  /** @return the guild as GUILD_CREATE carries it: with its channels, members and voice states */
  ObjectNode guildCreateJson(Model.Guild guild) {
    ObjectNode json = Json.object()
        .put("id", Json.id(guild.id))
        .put("name", guild.name)
        .put("owner_id", Json.id(guild.ownerId))
        .put("unavailable", false)
        .put("large", false)
        .put("member_count", guild.members.size())
        .put("afk_timeout", 300)
        .put("verification_level", 0)
        .put("default_message_notifications", 0)
        .put("explicit_content_filter", 0)
        .put("mfa_level", 0)
        .put("nsfw_level", 0)
        .put("premium_tier", 0)
        .put("premium_subscription_count", 0)
        .put("premium_progress_bar_enabled", false)
        .put("system_channel_flags", 0)
        .put("preferred_locale", "en-US")
        .put("joined_at", Json.time(guild.members.get(directory.bot.id).joinedAt));
    json.putNull("icon");
    json.putNull("splash");
    json.putNull("banner");
    json.putNull("description");
    json.putNull("afk_channel_id");
    json.putNull("system_channel_id");
    json.putArray("features");
    ArrayNode roles = json.putArray("roles");
    guild.roles.values().forEach(r -> roles.add(roleJson(r)));
    ArrayNode channelArray = json.putArray("channels");
    guild.channels.values().forEach(c -> channelArray.add(channelJson(c)));
    ArrayNode members = json.putArray("members");
    ArrayNode voiceStates = json.putArray("voice_states");
    for (Model.Member member : guild.members.values()) {
      members.add(memberJson(guild, member, true));
      if (member.voiceChannelId != 0) {
        ObjectNode state = voiceStateJson(guild, member);
        state.remove("guild_id");
        state.remove("member");
        voiceStates.add(state);
      }
    }
    for (String empty :
        List.of("threads", "emojis", "stickers", "presences", "stage_instances",
            "guild_scheduled_events", "soundboard_sounds")) {
      json.putArray(empty);
    }
    return json;
  }

  /** @return the guild as {@code GET guilds/{guild_id}} answers it: without the gateway-only fields */
  ObjectNode guildJson(long guildId) {
    ObjectNode json = guildCreateJson(directory.guild(guildId));
    for (String gatewayOnly : List.of("channels", "members", "voice_states", "threads", "presences",
        "joined_at", "large", "member_count", "unavailable", "stage_instances", "guild_scheduled_events",
        "soundboard_sounds")) {
      json.remove(gatewayOnly);
    }
    return json;
  }
}
