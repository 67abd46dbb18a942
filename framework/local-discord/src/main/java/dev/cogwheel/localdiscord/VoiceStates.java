package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/**
 * Owns who is in which voice channel, muted or deafened, with which voice session: users joining,
 * switching and leaving, the bot moving, muting or disconnecting members, and members disconnected
 * when their channel is deleted or they leave the guild. Each change is announced with
 * VOICE_STATE_UPDATE. Voice connections and audio are not emulated.
 *
 * <p>Not thread-safe: guarded by the world's lock (see {@link WorldState}).
 */
final class VoiceStates {

  private final Directory directory;
  private final Payloads payloads;
  private final Gateway gateway;
  private final Waiters waiters;

  VoiceStates(Directory directory, Payloads payloads, Gateway gateway, Waiters waiters) {
    this.directory = directory;
    this.payloads = payloads;
    this.gateway = gateway;
    this.waiters = waiters;
  }

  /** @return a new voice session id, as Discord gives one to a member who connects */
  static String newSessionId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A user joins or switches to a voice channel. */
  void join(long userId, long guildId, long channelId) {
    Model.Guild guild = directory.guild(guildId);
    Model.Member member = guild.members.get(userId);
    if (member == null) {
      throw new LocalDiscordException(directory.user(userId).name + " is not a member of guild " + guild.name);
    }
    Model.Channel channel = guild.channels.get(channelId);
    if (channel == null || !channel.isVoice()) {
      throw new LocalDiscordException(Json.id(channelId) + " is not a voice channel of guild " + guild.name);
    }
    if (member.voiceSessionId == null) {
      member.voiceSessionId = newSessionId();
    }
    member.voiceChannelId = channelId;
    dispatch(guild, member);
    waiters.changed();
  }

  /** A user leaves the voice channel they are in. */
  void leave(long userId, long guildId) {
    Model.Guild guild = directory.guild(guildId);
    Model.Member member = guild.members.get(userId);
    if (member == null || member.voiceChannelId == 0) {
      throw new LocalDiscordException(directory.user(userId).name + " is not in a voice channel of guild " + guild.name);
    }
    member.voiceChannelId = 0;
    dispatch(guild, member);
    member.voiceSessionId = null;
    waiters.changed();
  }

  /**
   * Applies the voice fields of a member edit ({@code mute}, {@code deaf}, {@code channel_id} to
   * move or disconnect), failing with 40032 when the member is not in voice. The caller sends the
   * VOICE_STATE_UPDATE.
   *
   * @return whether the body had voice fields
   */
  boolean modify(Model.Guild guild, Model.Member member, JsonNode body) {
    boolean voiceChanged = false;
    for (String flag : List.of("mute", "deaf")) {
      if (body.has(flag)) {
        requireVoice(member);
        if (flag.equals("mute")) {
          member.mute = body.get(flag).asBoolean();
        } else {
          member.deaf = body.get(flag).asBoolean();
        }
        voiceChanged = true;
      }
    }
    if (body.has("channel_id")) {
      requireVoice(member);
      long target = Json.snowflake(body, "channel_id");
      if (target != 0) {
        Model.Channel channel = guild.channels.get(target);
        if (channel == null || !channel.isVoice()) {
          throw new DiscordError(400, 50035, "Invalid Form Body: channel_id is not a voice channel of the guild");
        }
      }
      member.voiceChannelId = target;
      if (target == 0) {
        member.voiceSessionId = null;
      }
      voiceChanged = true;
    }
    return voiceChanged;
  }

  private static void requireVoice(Model.Member member) {
    if (member.voiceChannelId == 0) {
      throw new DiscordError(400, 40032, "Target user is not connected to voice.");
    }
  }

  /** Disconnects the members in a channel that is being deleted; their voice sessions are kept. */
  void channelDeleted(Model.Guild guild, Model.Channel channel) {
    for (Model.Member member : guild.members.values()) {
      if (member.voiceChannelId == channel.id) {
        member.voiceChannelId = 0;
        dispatch(guild, member);
      }
    }
  }

  /** Disconnects a member who is leaving the guild, if in voice. */
  void memberLeaving(Model.Guild guild, Model.Member member) {
    if (member.voiceChannelId != 0) {
      member.voiceChannelId = 0;
      member.voiceSessionId = null;
      dispatch(guild, member);
    }
  }

  /** Sends the member's voice state as it is now (VOICE_STATE_UPDATE). */
  void dispatch(Model.Guild guild, Model.Member member) {
    gateway.dispatch(
        "VOICE_STATE_UPDATE", guild.id, Gateway.GUILD_VOICE_STATES, payloads.voiceStateJson(guild, member), false);
  }
}
