package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.Permission;

/**
 * Owns the messages of every channel and their history: what users say and the bot sends, edits
 * and deletes, each written as Discord's message JSON (mentions parsed from the content) and
 * announced with MESSAGE_CREATE, UPDATE or DELETE. A channel keeps its latest {@link
 * History#messagesPerChannel()} messages and pages them backwards as Discord does. Interaction
 * responses are made by {@link Interactions} with the pieces here.
 *
 * <p>Not thread-safe: guarded by the world's lock (see {@link WorldState}).
 */
final class Messages {

  static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
  private static final Pattern ROLE_MENTION = Pattern.compile("<@&(\\d+)>");
  private static final Pattern EVERYONE = Pattern.compile("@(everyone|here)\\b");

  private final Snowflakes ids;
  private final Directory directory;
  private final Payloads payloads;
  private final Gateway gateway;
  private final Waiters waiters;
  private final int messagesPerChannel;

  Messages(Snowflakes ids, Directory directory, Payloads payloads, Gateway gateway, Waiters waiters,
      int messagesPerChannel) {
    this.ids = ids;
    this.directory = directory;
    this.payloads = payloads;
    this.gateway = gateway;
    this.waiters = waiters;
    this.messagesPerChannel = messagesPerChannel;
  }

  static Model.Message message(Model.Channel channel, long messageId) {
    Model.Message message = channel.messages.get(messageId);
    if (message == null || message.deleted) {
      throw DiscordError.unknown("Message", 10008);
    }
    return message;
  }

  // ---------------------------------------------------------------- what users and the bot send

  Model.Message userSays(long userId, long channelId, String content) {
    Model.User user = directory.user(userId);
    Model.Channel channel = directory.channel(channelId);
    if (channel.guildId != 0) {
      Model.Guild guild = directory.guild(channel.guildId);
      if (!guild.members.containsKey(userId)) {
        throw new LocalDiscordException(user.name + " is not a member of guild " + guild.name);
      }
      if (!channel.isMessageChannel()) {
        throw new LocalDiscordException("#" + channel.name + " is not a text channel");
      }
    } else if (channel.recipientId != userId) {
      throw new LocalDiscordException(user.name + " cannot write in another user's DM channel");
    }
    Model.Message message = newMessage(channel, user, Json.object().put("content", content), 0);
    waiters.changed();
    return message;
  }

  ObjectNode botMessage(long channelId, JsonNode body) {
    Model.Channel channel = directory.channel(channelId);
    if (!channel.isMessageChannel()) {
      throw new DiscordError(400, 50008, "Cannot send messages in a non-text channel");
    }
    boolean empty = body.path("content").asText("").isEmpty()
        && body.path("embeds").isEmpty() && body.path("components").isEmpty()
        && body.path("sticker_ids").isEmpty() && body.path("attachments").isEmpty();
    if (empty) {
      throw new DiscordError(400, 50006, "Cannot send an empty message");
    }
    Model.Message message = newMessage(channel, directory.bot, body, body.has("message_reference") ? 19 : 0);
    waiters.changed();
    return message.json.deepCopy();
  }

  private Model.Message newMessage(Model.Channel channel, Model.User author, JsonNode body, int type) {
    long id = ids.next();
    ObjectNode json = messageJson(id, channel, author, body, type);
    json.put("flags", body.path("flags").asInt(0) & ~LocalMessage.EPHEMERAL);
    Model.Message message = new Model.Message(json, id, channel.id, false);
    keep(channel, message);
    channel.lastMessageId = id;
    dispatch("MESSAGE_CREATE", channel, message);
    return message;
  }

  ObjectNode editBotMessage(long channelId, long messageId, JsonNode body) {
    Model.Channel channel = directory.channel(channelId);
    Model.Message message = message(channel, messageId);
    if (Json.snowflake(message.json.get("author"), "id") != directory.bot.id) {
      throw new DiscordError(403, 50005, "Cannot edit a message authored by another user");
    }
    edit(channel, message, body);
    waiters.changed();
    return message.json.deepCopy();
  }

  /** Applies an edit to a message and sends MESSAGE_UPDATE. */
  void edit(Model.Channel channel, Model.Message message, JsonNode body) {
    applyContent(message.json, body, false);
    message.json.put("edited_timestamp", Json.time(Instant.now()));
    dispatch("MESSAGE_UPDATE", channel, message);
  }

  void delete(long channelId, long messageId) {
    Model.Channel channel = directory.channel(channelId);
    delete(channel, message(channel, messageId));
  }

  void delete(Model.Channel channel, Model.Message message) {
    message.deleted = true;
    if (!message.ephemeral) {
      ObjectNode json = Json.object().put("id", Json.id(message.id)).put("channel_id", Json.id(channel.id));
      if (channel.guildId != 0) {
        json.put("guild_id", Json.id(channel.guildId));
      }
      int intent = channel.guildId == 0 ? Gateway.DIRECT_MESSAGES : Gateway.GUILD_MESSAGES;
      gateway.dispatch("MESSAGE_DELETE", channel.guildId, intent, json, false);
    }
    waiters.changed();
  }

  // ---------------------------------------------------------------- history

  /** Adds a message to its channel's history, dropping the oldest beyond {@link History#messagesPerChannel()}. */
  void keep(Model.Channel channel, Model.Message message) {
    channel.messages.put(message.id, message);
    int over = channel.messages.size() - messagesPerChannel;
    if (over > 0) {
      Iterator<Model.Message> oldest = channel.messages.values().iterator();
      for (; over > 0; over--) {
        oldest.next();
        oldest.remove();
      }
    }
  }

  /** The newest messages older than {@code before} (a message id), newest first, as Discord pages history. */
  ArrayNode history(long channelId, int limit, long before) {
    Model.Channel channel = directory.channel(channelId);
    List<Model.Message> visible = channel.messages.values().stream()
        .filter(m -> !m.deleted && !m.ephemeral && m.id < before).toList();
    ArrayNode result = Json.array();
    for (int i = visible.size() - 1; i >= 0 && result.size() < limit; i--) {
      result.add(visible.get(i).json.deepCopy());
    }
    return result;
  }

  // ---------------------------------------------------------------- JSON and events

  /** Writes a new message as Discord sends it: content, embeds, components, mentions, reply reference. */
  ObjectNode messageJson(long id, Model.Channel channel, Model.User author, JsonNode body, int type) {
    ObjectNode json = Json.object()
        .put("id", Json.id(id))
        .put("channel_id", Json.id(channel.id))
        .put("type", type);
    if (channel.guildId != 0) {
      json.put("guild_id", Json.id(channel.guildId));
    }
    json.set("author", payloads.userJson(author));
    applyContent(json, body, true);
    json.put("timestamp", Json.time(Instant.now()));
    json.putNull("edited_timestamp");
    json.put("tts", body.path("tts").asBoolean(false))
        .put("pinned", false);
    json.putArray("attachments");
    if (body.has("message_reference") && body.get("message_reference").isObject()) {
      ObjectNode reference = Json.object().put("type", 0);
      reference.set("message_id", body.get("message_reference").path("message_id"));
      reference.put("channel_id", Json.id(channel.id));
      if (channel.guildId != 0) {
        reference.put("guild_id", Json.id(channel.guildId));
      }
      json.set("message_reference", reference);
    }
    return json;
  }

  /** Copies the content parts of a create or edit body into a message, recomputing mentions. */
  void applyContent(ObjectNode message, JsonNode body, boolean creating) {
    if (body.has("content") || creating) {
      message.put("content", body.path("content").asText(""));
    }
    for (String part : List.of("embeds", "components")) {
      if (body.has(part) && !body.get(part).isNull()) {
        message.set(part, body.get(part).deepCopy());
      } else if (creating) {
        message.putArray(part);
      }
    }
    // Discord gives an embed a bot sends the type "rich"; JDA drops an embed without a type.
    message.path("embeds").forEach(embed -> {
      if (embed.isObject() && !embed.has("type")) {
        ((ObjectNode) embed).put("type", "rich");
      }
    });
    if (body.has("flags") || creating) {
      int kept = message.path("flags").asInt(0) & LocalMessage.EPHEMERAL;
      message.put("flags", (body.path("flags").asInt(0) & ~LocalMessage.LOADING) | kept);
    }
    String content = message.path("content").asText("");
    AllowedMentions allowed = AllowedMentions.of(body.get("allowed_mentions"));
    ArrayNode mentions = message.putArray("mentions");
    Matcher users = USER_MENTION.matcher(content);
    while (users.find()) {
      long userId = Long.parseUnsignedLong(users.group(1));
      if (allowed.user(userId)) {
        directory.findUser(userId).ifPresent(user -> mentions.add(payloads.userJson(user)));
      }
    }
    ArrayNode roleMentions = message.putArray("mention_roles");
    Matcher roles = ROLE_MENTION.matcher(content);
    while (roles.find()) {
      if (allowed.role(Long.parseUnsignedLong(roles.group(1)))) {
        roleMentions.add(roles.group(1));
      }
    }
    message.put("mention_everyone", EVERYONE.matcher(content).find() && allowed.everyone()
        && mayMentionEveryone(message));
  }

  /** Whether the message's author may ping {@code @everyone} where it is sent, as Discord requires. */
  private boolean mayMentionEveryone(ObjectNode message) {
    long guildId = Json.snowflake(message, "guild_id");
    if (guildId == 0) {
      return false;
    }
    Model.Guild guild = directory.findGuild(guildId).orElse(null);
    Model.Member author = guild == null ? null : guild.members.get(Json.snowflake(message.get("author"), "id"));
    return author != null
        && (GuildPermissions.of(guild, author) & Permission.MESSAGE_MENTION_EVERYONE.getRawValue()) != 0;
  }

  /**
   * Sends a message event to the bot, unless the message is ephemeral. Without MESSAGE_CONTENT a
   * session gets a guild message's content blanked unless the message mentions the bot.
   */
  void dispatch(String type, Model.Channel channel, Model.Message message) {
    if (message.ephemeral) {
      return;
    }
    int intent = channel.guildId == 0 ? Gateway.DIRECT_MESSAGES : Gateway.GUILD_MESSAGES;
    boolean gated = channel.guildId != 0 && !mentionsBot(message.json);
    gateway.dispatch(type, channel.guildId, intent, gatewayMessage(channel, message.json), gated);
  }

  private ObjectNode gatewayMessage(Model.Channel channel, ObjectNode message) {
    ObjectNode json = message.deepCopy();
    if (channel.guildId != 0) {
      Model.Guild guild = directory.findGuild(channel.guildId).orElse(null);
      Model.Member member = guild == null ? null : guild.members.get(Json.snowflake(json.get("author"), "id"));
      if (member != null) {
        json.set("member", payloads.memberJson(guild, member, false));
      }
    }
    return json;
  }

  private boolean mentionsBot(ObjectNode message) {
    if (Json.snowflake(message.get("author"), "id") == directory.bot.id) {
      return true;
    }
    for (JsonNode mention : message.path("mentions")) {
      if (Json.snowflake(mention, "id") == directory.bot.id) {
        return true;
      }
    }
    return false;
  }
}
