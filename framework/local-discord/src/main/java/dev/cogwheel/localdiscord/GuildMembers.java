package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Owns who is in which guild and how: users joining and leaving, the bot's edits of members
 * (nickname, roles, timeout, and through {@link VoiceStates} their voice), kicks, bans, and the bot
 * itself being added to or removed from a guild. Each change is announced as Discord announces
 * it: GUILD_MEMBER_ADD, UPDATE and REMOVE, GUILD_BAN_ADD and REMOVE, GUILD_CREATE and DELETE.
 *
 * <p>Not thread-safe: guarded by the world's lock (see {@link WorldState}).
 */
final class GuildMembers {

  private final Directory directory;
  private final Payloads payloads;
  private final VoiceStates voice;
  private final CommandRegistry commands;
  private final Gateway gateway;
  private final Waiters waiters;

  GuildMembers(Directory directory, Payloads payloads, VoiceStates voice, CommandRegistry commands,
      Gateway gateway, Waiters waiters) {
    this.directory = directory;
    this.payloads = payloads;
    this.voice = voice;
    this.commands = commands;
    this.gateway = gateway;
    this.waiters = waiters;
  }

  // ---------------------------------------------------------------- users joining and leaving

  void join(long userId, long guildId) {
    Model.Guild guild = directory.guild(guildId);
    Model.User user = directory.user(userId);
    if (guild.bans.contains(userId)) {
      throw new LocalDiscordException(user.name + " is banned from guild " + guild.name);
    }
    if (guild.members.containsKey(userId)) {
      throw new LocalDiscordException(user.name + " is already a member of guild " + guild.name);
    }
    Model.Member member = new Model.Member(userId, Instant.now());
    guild.members.put(userId, member);
    ObjectNode json = payloads.memberJson(guild, member, true).put("guild_id", Json.id(guild.id));
    gateway.dispatch("GUILD_MEMBER_ADD", guild.id, Gateway.GUILD_MEMBERS, json, false);
    waiters.changed();
  }

  void leave(long userId, long guildId) {
    Model.Guild guild = directory.guild(guildId);
    if (!guild.members.containsKey(userId)) {
      throw new LocalDiscordException(directory.user(userId).name + " is not a member of guild " + guild.name);
    }
    if (userId == guild.ownerId) {
      throw new LocalDiscordException(directory.user(userId).name + " owns guild " + guild.name + " and cannot leave it");
    }
    remove(guildId, userId);
  }

  /** Removes a member (a kick, a ban, or leaving), disconnecting them from voice first. */
  void remove(long guildId, long userId) {
    Model.Guild guild = directory.guild(guildId);
    Model.Member member = Directory.member(guild, userId);
    voice.memberLeaving(guild, member);
    guild.members.remove(userId);
    ObjectNode json = Json.object().put("guild_id", Json.id(guild.id));
    json.set("user", payloads.userJson(directory.user(userId)));
    gateway.dispatch("GUILD_MEMBER_REMOVE", guild.id, Gateway.GUILD_MEMBERS, json, false);
    waiters.changed();
  }

  // ---------------------------------------------------------------- the bot's edits of members

  ObjectNode modify(long guildId, long userId, JsonNode body) {
    Model.Guild guild = directory.guild(guildId);
    Model.Member member = Directory.member(guild, userId);
    boolean memberChanged = false;
    if (body.has("nick")) {
      member.nick = body.get("nick").isNull() || body.get("nick").asText().isEmpty()
          ? null : body.get("nick").asText();
      memberChanged = true;
    }
    if (body.has("roles") && body.get("roles").isArray()) {
      member.roles.clear();
      for (JsonNode roleId : body.get("roles")) {
        long id = Long.parseUnsignedLong(roleId.asText());
        Directory.role(guild, id);
        if (id != guild.id) {
          member.roles.add(id);
        }
      }
      memberChanged = true;
    }
    if (body.has("communication_disabled_until")) {
      JsonNode until = body.get("communication_disabled_until");
      if (until.isNull()) {
        member.timeoutUntil = null;
      } else {
        Instant end = OffsetDateTime.parse(until.asText()).toInstant();
        if (end.isAfter(Instant.now().plus(Duration.ofDays(28)))) {
          throw new DiscordError(400, 50035,
              "Invalid Form Body: communication_disabled_until is more than 28 days away");
        }
        member.timeoutUntil = end;
      }
      memberChanged = true;
    }
    boolean voiceChanged = voice.modify(guild, member, body);
    if (memberChanged) {
      dispatchUpdate(guild, member);
    }
    if (voiceChanged) {
      voice.dispatch(guild, member);
    }
    waiters.changed();
    return payloads.memberJson(guild, member, true);
  }

  void changeRole(long guildId, long userId, long roleId, boolean add) {
    Model.Guild guild = directory.guild(guildId);
    Model.Member member = Directory.member(guild, userId);
    Directory.role(guild, roleId);
    boolean changed = add ? member.roles.add(roleId) : member.roles.remove(roleId);
    if (changed) {
      dispatchUpdate(guild, member);
    }
    waiters.changed();
  }

  private void dispatchUpdate(Model.Guild guild, Model.Member member) {
    ObjectNode json = payloads.memberJson(guild, member, true).put("guild_id", Json.id(guild.id));
    gateway.dispatch("GUILD_MEMBER_UPDATE", guild.id, Gateway.GUILD_MEMBERS, json, false);
  }

  // ---------------------------------------------------------------- bans

  void ban(long guildId, long userId) {
    Model.Guild guild = directory.guild(guildId);
    Model.User user = directory.user(userId);
    if (userId == guild.ownerId) {
      throw new DiscordError(403, 50013, "Missing Permissions");
    }
    if (guild.members.containsKey(userId)) {
      remove(guildId, userId);
    }
    guild.bans.add(userId);
    ObjectNode json = Json.object().put("guild_id", Json.id(guild.id));
    json.set("user", payloads.userJson(user));
    gateway.dispatch("GUILD_BAN_ADD", guild.id, Gateway.GUILD_MODERATION, json, false);
    waiters.changed();
  }

  void unban(long guildId, long userId) {
    Model.Guild guild = directory.guild(guildId);
    if (!guild.bans.remove(userId)) {
      throw DiscordError.unknown("Ban", 10026);
    }
    ObjectNode json = Json.object().put("guild_id", Json.id(guild.id));
    json.set("user", payloads.userJson(directory.user(userId)));
    gateway.dispatch("GUILD_BAN_REMOVE", guild.id, Gateway.GUILD_MODERATION, json, false);
    waiters.changed();
  }

  ObjectNode banJson(long guildId, long userId) {
    if (!directory.guild(guildId).bans.contains(userId)) {
      throw DiscordError.unknown("Ban", 10026);
    }
    ObjectNode json = Json.object();
    json.putNull("reason");
    json.set("user", payloads.userJson(directory.user(userId)));
    return json;
  }

  /** A page of the guild's bans in user id order, as Discord pages them: after one id, or before one (then the last ones). */
  ArrayNode bansJson(long guildId, int limit, long after, long before) {
    List<Long> ids = directory.guild(guildId).bans.stream()
        .filter(u -> Long.compareUnsigned(u, after) > 0 && Long.compareUnsigned(u, before) < 0)
        .sorted(Long::compareUnsigned)
        .toList();
    boolean fromEnd = before != -1 && after == 0;
    List<Long> page = fromEnd ? ids.subList(Math.max(0, ids.size() - limit), ids.size()) : ids.subList(0, Math.min(limit, ids.size()));
    ArrayNode result = Json.array();
    page.forEach(u -> result.add(banJson(guildId, u)));
    return result;
  }

  // ---------------------------------------------------------------- the bot joining and leaving

  /** Adds the bot to a new guild (GUILD_CREATE). */
  Model.Guild addBot(World.GuildSpec spec) {
    spec.checkUsers(directory.userNames(), directory.bot.name);
    Model.Guild guild = directory.createGuild(spec);
    gateway.dispatch("GUILD_CREATE", guild.id, Gateway.GUILDS, payloads.guildCreateJson(guild), false);
    waiters.changed();
    return guild;
  }

  /** Removes the bot from a guild (GUILD_DELETE); the guild, its channels and its commands are gone. */
  void removeBot(long guildId) {
    Model.Guild guild = directory.guild(guildId);
    ObjectNode json = Json.object().put("id", Json.id(guild.id));
    gateway.dispatch("GUILD_DELETE", guild.id, Gateway.GUILDS, json, false);
    directory.removeGuild(guild);
    commands.removeGuild(guildId);
    waiters.changed();
  }
}
