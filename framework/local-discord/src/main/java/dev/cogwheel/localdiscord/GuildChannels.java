package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Changes the channels of guilds as the bot (or an admin) asks: creating, modifying and deleting
 * them (a deleted voice channel's members are disconnected, a deleted category's children moved
 * out of it) and setting their permission overwrites, each announced with CHANNEL_CREATE, UPDATE
 * or DELETE.
 *
 * <p>Not thread-safe: guarded by the world's lock (see {@link WorldState}).
 */
final class GuildChannels {

  private final Snowflakes ids;
  private final Directory directory;
  private final Payloads payloads;
  private final VoiceStates voice;
  private final Gateway gateway;
  private final Waiters waiters;

  GuildChannels(Snowflakes ids, Directory directory, Payloads payloads, VoiceStates voice, Gateway gateway,
      Waiters waiters) {
    this.ids = ids;
    this.directory = directory;
    this.payloads = payloads;
    this.voice = voice;
    this.gateway = gateway;
    this.waiters = waiters;
  }

  ObjectNode create(long guildId, JsonNode body) {
    Model.Guild guild = directory.guild(guildId);
    String name = body.path("name").asText("");
    if (name.isEmpty() || name.length() > 100) {
      throw new DiscordError(400, 50035, "Invalid Form Body: name must be 1 to 100 characters");
    }
    int type = body.path("type").asInt(0);
    if (type != 0 && type != 2 && type != 4 && type != 5 && type != 13 && type != 15) {
      throw new DiscordError(400, 50035, "Invalid Form Body: channel type " + type);
    }
    Model.Channel channel = new Model.Channel(ids.next(), guildId, type, name);
    channel.position = body.has("position") && !body.get("position").isNull()
        ? body.get("position").asInt()
        : guild.channels.values().stream().mapToInt(c -> c.position + 1).max().orElse(0);
    applyFields(guild, channel, body);
    directory.addChannel(guild, channel);
    dispatch("CHANNEL_CREATE", channel);
    waiters.changed();
    return payloads.channelJson(channel);
  }

  ObjectNode modify(long channelId, JsonNode body) {
    Model.Channel channel = directory.channel(channelId);
    if (channel.guildId == 0) {
      throw new DiscordError(400, 50003, "Cannot execute action on a DM channel");
    }
    applyFields(directory.guild(channel.guildId), channel, body);
    dispatch("CHANNEL_UPDATE", channel);
    waiters.changed();
    return payloads.channelJson(channel);
  }

  private void applyFields(Model.Guild guild, Model.Channel channel, JsonNode body) {
    if (body.has("name")) {
      channel.name = body.get("name").asText();
    }
    if (body.has("position") && !body.get("position").isNull()) {
      channel.position = body.get("position").asInt();
    }
    if (body.has("parent_id")) {
      long parentId = Json.snowflake(body, "parent_id");
      if (parentId != 0) {
        Model.Channel parent = guild.channels.get(parentId);
        if (parent == null || parent.type != 4) {
          throw new DiscordError(400, 50035, "Invalid Form Body: parent_id is not a category of the guild");
        }
      }
      channel.parentId = parentId;
    }
    if (body.has("topic")) {
      channel.topic = body.get("topic").isNull() ? null : body.get("topic").asText();
    }
    if (body.has("nsfw")) {
      channel.nsfw = body.get("nsfw").asBoolean();
    }
    if (body.has("bitrate") && !body.get("bitrate").isNull()) {
      channel.bitrate = body.get("bitrate").asInt();
    }
    if (body.has("user_limit") && !body.get("user_limit").isNull()) {
      channel.userLimit = body.get("user_limit").asInt();
    }
    if (body.has("rate_limit_per_user") && !body.get("rate_limit_per_user").isNull()) {
      channel.rateLimitPerUser = body.get("rate_limit_per_user").asInt();
    }
    if (body.has("permission_overwrites") && body.get("permission_overwrites").isArray()) {
      ArrayNode overwrites = Json.array();
      body.get("permission_overwrites").forEach(o -> overwrites.add(overwrite(guild, o.path("id").asText(), o)));
      channel.overwrites = overwrites;
    }
  }

  ObjectNode delete(long channelId) {
    Model.Channel channel = directory.channel(channelId);
    if (channel.guildId == 0) {
      throw new DiscordError(400, 50003, "Cannot execute action on a DM channel");
    }
    Model.Guild guild = directory.guild(channel.guildId);
    ObjectNode json = payloads.channelJson(channel);
    voice.channelDeleted(guild, channel);
    for (Model.Channel child : guild.channels.values()) {
      if (child.parentId == channel.id) {
        child.parentId = 0;
        dispatch("CHANNEL_UPDATE", child);
      }
    }
    directory.removeChannel(guild, channel);
    dispatch("CHANNEL_DELETE", channel);
    waiters.changed();
    return json;
  }

  // ---------------------------------------------------------------- permission overwrites

  void putOverwrite(long channelId, String overwriteId, JsonNode body) {
    Model.Channel channel = directory.channel(channelId);
    Model.Guild guild = directory.guild(channel.guildId);
    ObjectNode overwrite = overwrite(guild, overwriteId, body);
    ArrayNode overwrites = Json.array();
    channel.overwrites.forEach(o -> {
      if (!o.path("id").asText().equals(overwriteId)) {
        overwrites.add(o);
      }
    });
    overwrites.add(overwrite);
    channel.overwrites = overwrites;
    dispatch("CHANNEL_UPDATE", channel);
    waiters.changed();
  }

  void deleteOverwrite(long channelId, String overwriteId) {
    Model.Channel channel = directory.channel(channelId);
    ArrayNode overwrites = Json.array();
    channel.overwrites.forEach(o -> {
      if (!o.path("id").asText().equals(overwriteId)) {
        overwrites.add(o);
      }
    });
    channel.overwrites = overwrites;
    dispatch("CHANNEL_UPDATE", channel);
    waiters.changed();
  }

  /** An overwrite as Discord stores it, checked to name a role of the guild or a user. */
  private ObjectNode overwrite(Model.Guild guild, String id, JsonNode body) {
    long target = Long.parseUnsignedLong(id);
    int type = body.path("type").asInt(-1);
    if (type == 0 ? !guild.roles.containsKey(target) : type == 1 ? directory.findUser(target).isEmpty() : true) {
      throw new DiscordError(400, 50035,
          "Invalid Form Body: permission overwrite " + id + " of type " + type + " names no role or member");
    }
    return Json.object()
        .put("id", id)
        .put("type", type)
        .put("allow", Long.toString(Json.bits(body.get("allow"))))
        .put("deny", Long.toString(Json.bits(body.get("deny"))));
  }

  private void dispatch(String type, Model.Channel channel) {
    gateway.dispatch(type, channel.guildId, Gateway.GUILDS, payloads.channelJson(channel), false);
  }
}
