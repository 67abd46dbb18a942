package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable records of the local Discord's live state. They are guarded by the {@link
 * WorldState} monitor and never leave the package: the public API hands out immutable snapshots.
 */
final class Model {

  private Model() {}

  static final class User {
    final long id;
    final String name;
    final boolean bot;

    User(long id, String name, boolean bot) {
      this.id = id;
      this.name = name;
      this.bot = bot;
    }
  }

  static final class Guild {
    final long id;
    final String name;
    long ownerId;
    final Map<Long, Role> roles = new LinkedHashMap<>();
    final Map<Long, Channel> channels = new LinkedHashMap<>();
    final Map<Long, Member> members = new LinkedHashMap<>();
    final Set<Long> bans = new LinkedHashSet<>();

    Guild(long id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  static final class Role {
    final long id;
    String name;
    long permissions;
    int color;
    int position;
    boolean hoist;
    boolean mentionable;
    boolean managed;

    Role(long id, String name, long permissions, int position) {
      this.id = id;
      this.name = name;
      this.permissions = permissions;
      this.position = position;
    }
  }

  static final class Channel {
    final long id;
    final long guildId;
    int type;
    String name;
    int position;
    long parentId;
    String topic;
    boolean nsfw;
    int bitrate = 64000;
    int userLimit;
    int rateLimitPerUser;
    ArrayNode overwrites = Json.array();
    long recipientId;
    long lastMessageId;
    final Map<Long, Message> messages = new LinkedHashMap<>();

    Channel(long id, long guildId, int type, String name) {
      this.id = id;
      this.guildId = guildId;
      this.type = type;
      this.name = name;
    }

    boolean isVoice() {
      return type == 2 || type == 13;
    }

    boolean isMessageChannel() {
      return type == 0 || type == 1 || type == 2 || type == 5;
    }
  }

  static final class Member {
    final long userId;
    String nick;
    final Set<Long> roles = new LinkedHashSet<>();
    final Instant joinedAt;
    Instant timeoutUntil;
    boolean mute;
    boolean deaf;
    long voiceChannelId;
    String voiceSessionId;

    Member(long userId, Instant joinedAt) {
      this.userId = userId;
      this.joinedAt = joinedAt;
    }
  }

  static final class Message {
    final ObjectNode json;
    final long id;
    final long channelId;
    final boolean ephemeral;
    boolean deleted;

    Message(ObjectNode json, long id, long channelId, boolean ephemeral) {
      this.json = json;
      this.id = id;
      this.channelId = channelId;
      this.ephemeral = ephemeral;
    }
  }

  static final class Command {
    final long id;
    final long guildId;
    final ObjectNode json;

    Command(long id, long guildId, ObjectNode json) {
      this.id = id;
      this.guildId = guildId;
      this.json = json;
    }

    String name() {
      return json.path("name").asText();
    }

    int type() {
      return json.path("type").asInt(1);
    }
  }

  static final class Interaction {
    final long id;
    final String token;
    final int type;
    final long channelId;
    final long guildId;
    final long userId;
    final String description;
    /** The INTERACTION_CREATE data as sent, JSON. */
    final String payload;
    final long componentMessageId;
    /** When it was created ({@link System#nanoTime()}), for its expiry. */
    final long createdNanos = System.nanoTime();
    final List<ObjectNode> callbacks = new ArrayList<>();
    Message original;
    boolean editedAfterAck;
    final List<Message> followUps = new ArrayList<>();

    Interaction(
        long id,
        String token,
        int type,
        long channelId,
        long guildId,
        long userId,
        String description,
        String payload,
        long componentMessageId) {
      this.id = id;
      this.token = token;
      this.type = type;
      this.channelId = channelId;
      this.guildId = guildId;
      this.userId = userId;
      this.description = description;
      this.payload = payload;
      this.componentMessageId = componentMessageId;
    }
  }
}
