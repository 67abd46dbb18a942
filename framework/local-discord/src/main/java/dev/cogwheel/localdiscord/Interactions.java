package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Owns the interactions and their lifetimes: a user invoking a slash command, pressing a button or
 * submitting a modal makes one (INTERACTION_CREATE); the bot then answers it once with a callback
 * (a reply, a deferral, a message update, a modal), follows it up, and edits or deletes its
 * messages through the interaction's webhook. An interaction can be answered for {@link
 * History#interactions()}; after that its id and token are unknown, as on Discord.
 *
 * <p>Not thread-safe: guarded by the world's lock (see {@link WorldState}).
 */
final class Interactions {

  private final Snowflakes ids;
  private final Directory directory;
  private final Payloads payloads;
  private final Messages messages;
  private final Snapshots snapshots;
  private final Gateway gateway;
  private final Waiters waiters;
  private final Duration lifetime;
  /** Oldest first: they expire in that order. */
  private final Map<Long, Model.Interaction> interactions = new LinkedHashMap<>();
  private final Map<String, Model.Interaction> interactionsByToken = new HashMap<>();
  /** Interactions whose modal the user already submitted (Discord closes a modal once submitted). */
  private final Set<Long> submittedModals = new HashSet<>();

  Interactions(Snowflakes ids, Directory directory, Payloads payloads, Messages messages, Snapshots snapshots,
      Gateway gateway, Waiters waiters, Duration lifetime) {
    this.ids = ids;
    this.directory = directory;
    this.payloads = payloads;
    this.messages = messages;
    this.snapshots = snapshots;
    this.gateway = gateway;
    this.waiters = waiters;
    this.lifetime = lifetime;
  }

  // ---------------------------------------------------------------- what users do

  Model.Interaction invoke(long userId, long channelId, CommandValidator.Resolved command) {
    Model.User user = directory.user(userId);
    Model.Channel channel = directory.channel(channelId);
    ObjectNode data = Json.object()
        .put("id", Json.id(command.command().id))
        .put("name", command.command().name())
        .put("type", command.command().type());
    if (command.command().guildId != 0) {
      data.put("guild_id", Json.id(command.command().guildId));
    }
    data.set("options", command.options());
    if (!command.resolved().isEmpty()) {
      data.set("resolved", command.resolved());
    }
    return create(user, channel, 2, data, 0, command.display());
  }

  Model.Interaction press(long userId, long channelId, long messageId, String customIdOrLabel) {
    Model.User user = directory.user(userId);
    Model.Channel channel = directory.channel(channelId);
    Model.Message message;
    try {
      message = Messages.message(channel, messageId);
    } catch (DiscordError e) {
      throw new InvalidInteractionException(
          "There is no message " + Json.id(messageId) + " in " + directory.describe(channel));
    }
    if (message.ephemeral && !isVisibleTo(message, userId)) {
      throw new InvalidInteractionException(user.name + " cannot see the ephemeral message " + Json.id(messageId));
    }
    LocalMessage snapshot = snapshots.of(message);
    LocalMessage.Button button = snapshot.buttons().stream()
        .filter(b -> customIdOrLabel.equals(b.customId()))
        .findFirst()
        .or(() -> snapshot.buttons().stream().filter(b -> customIdOrLabel.equals(b.label())).findFirst())
        .orElseThrow(() -> new InvalidInteractionException(
            "The message " + Json.id(messageId) + " has no button " + customIdOrLabel + "; its buttons: "
                + snapshot.buttons().stream().map(b -> b.label() + " (" + b.customId() + ")").toList()));
    if (button.disabled()) {
      throw new InvalidInteractionException("The button " + button.label() + " is disabled");
    }
    if (button.customId() == null) {
      throw new InvalidInteractionException("The button " + button.label() + " is a link, not an interaction");
    }
    ObjectNode data = Json.object().put("custom_id", button.customId()).put("component_type", 2);
    return create(user, channel, 3, data, message.id, "button " + button.label());
  }

  Model.Interaction submitModal(long userId, long shownBy, Map<String, String> values) {
    Model.User user = directory.user(userId);
    Model.Interaction shown = interactions.get(shownBy);
    if (shown == null || shown.userId != userId) {
      throw new InvalidInteractionException(user.name + " was not shown a modal by that interaction");
    }
    JsonNode callback = shown.callbacks.isEmpty() ? null : shown.callbacks.get(0);
    if (callback == null || callback.path("type").asInt() != 9) {
      throw new InvalidInteractionException("The bot answered " + shown.description + " without a modal"
          + (callback == null ? " (it has not answered yet)" : " (callback type " + callback.path("type").asInt() + ")"));
    }
    if (submittedModals.contains(shownBy)) {
      throw new InvalidInteractionException("The modal of " + shown.description + " was already submitted");
    }
    JsonNode modal = callback.path("data");
    ObjectNode data = ModalValidator.submit(modal, values);
    submittedModals.add(shownBy);
    return create(user, directory.channel(shown.channelId), 5, data, shown.componentMessageId,
        "modal " + modal.path("title").asText());
  }

  private boolean isVisibleTo(Model.Message message, long userId) {
    return interactions.values().stream()
        .anyMatch(i -> i.userId == userId && (i.original == message || i.followUps.contains(message)));
  }

  private Model.Interaction create(
      Model.User user, Model.Channel channel, int type, ObjectNode data, long componentMessageId, String description) {
    long id = ids.next();
    String interactionToken = "interaction-" + Json.id(id) + "-" + UUID.randomUUID().toString().replace("-", "");
    ObjectNode json = Json.object()
        .put("id", Json.id(id))
        .put("application_id", Json.id(directory.applicationId()))
        .put("type", type)
        .put("token", interactionToken)
        .put("version", 1)
        .put("channel_id", Json.id(channel.id))
        .put("locale", "en-US");
    json.set("channel", payloads.channelJson(channel));
    json.set("data", data);
    json.putArray("entitlements");
    json.put("attachment_size_limit", 10 * 1024 * 1024);
    ObjectNode owners = json.putObject("authorizing_integration_owners");
    if (channel.guildId != 0) {
      Model.Guild guild = directory.guild(channel.guildId);
      Model.Member member = guild.members.get(user.id);
      if (member == null) {
        throw new LocalDiscordException(user.name + " is not a member of guild " + guild.name);
      }
      json.put("guild_id", Json.id(guild.id)).put("guild_locale", "en-US").put("context", 0);
      json.putObject("guild").put("id", Json.id(guild.id)).put("locale", "en-US").putArray("features");
      json.set("member", payloads.memberJson(guild, member, true)
          .put("permissions", Long.toString(GuildPermissions.of(guild, member))));
      json.put("app_permissions", Long.toString(GuildPermissions.of(guild, guild.members.get(directory.bot.id))));
      owners.put("0", Json.id(guild.id));
    } else {
      json.set("user", payloads.userJson(user));
      json.put("context", 1);
      json.put("app_permissions", Long.toString(GuildPermissions.ALL));
      owners.put("0", "0");
    }
    if (componentMessageId != 0) {
      json.set("message", channel.messages.get(componentMessageId).json.deepCopy());
    }
    // Kept as written: a tenth of the memory of the tree, and what the bot was sent.
    String payload = Json.write(json);
    Model.Interaction interaction = new Model.Interaction(
        id, interactionToken, type, channel.id, channel.guildId, user.id, description, payload, componentMessageId);
    forgetExpired();
    interactions.put(id, interaction);
    interactionsByToken.put(interactionToken, interaction);
    gateway.dispatch("INTERACTION_CREATE", channel.guildId, payload);
    waiters.changed();
    return interaction;
  }

  /** Forgets the interactions older than {@link History#interactions()}: their tokens are no longer valid. */
  private void forgetExpired() {
    long now = System.nanoTime();
    long ttl = lifetime.toNanos();
    Iterator<Model.Interaction> oldest = interactions.values().iterator();
    while (oldest.hasNext()) {
      Model.Interaction interaction = oldest.next();
      if (now - interaction.createdNanos < ttl) {
        return;
      }
      oldest.remove();
      interactionsByToken.remove(interaction.token);
      submittedModals.remove(interaction.id);
    }
  }

  // ---------------------------------------------------------------- what the bot answers

  JsonNode callback(long interactionId, String interactionToken, JsonNode body) {
    forgetExpired();
    Model.Interaction interaction = interactions.get(interactionId);
    if (interaction == null || !interaction.token.equals(interactionToken)) {
      throw DiscordError.unknown("interaction", 10062);
    }
    if (!interaction.callbacks.isEmpty()) {
      throw new DiscordError(400, 40060, "Interaction has already been acknowledged.");
    }
    int type = body.path("type").asInt(-1);
    JsonNode data = body.path("data");
    boolean component = interaction.type == 3 || interaction.type == 5;
    Model.Message message = null;
    switch (type) {
      case 4 -> message = responseMessage(interaction, data, 0, interaction.type == 2 ? 20 : 19);
      case 5 -> message = responseMessage(
          interaction, data, LocalMessage.LOADING | (data.path("flags").asInt(0) & LocalMessage.EPHEMERAL),
          interaction.type == 2 ? 20 : 19);
      case 6, 7 -> {
        if (!component) {
          throw new DiscordError(400, 40043, "Interaction callback type " + type
              + " is only valid for component interactions");
        }
        message = type == 7
            ? updateComponentMessage(interaction, data)
            : Messages.message(directory.channel(interaction.channelId), interaction.componentMessageId);
      }
      case 8, 9 -> {
        // Autocomplete results and modals are recorded; nothing in the world changes.
      }
      default -> throw new DiscordError(400, 50035, "Invalid Form Body: unknown interaction callback type " + type);
    }
    // Not copied: the body was parsed for this call alone, and readers get copies.
    interaction.callbacks.add((ObjectNode) body);
    if (message != null) {
      interaction.original = message;
    }
    ObjectNode response = Json.object();
    ObjectNode summary = response.putObject("interaction")
        .put("id", Json.id(interaction.id))
        .put("type", interaction.type);
    ObjectNode resource = response.putObject("resource").put("type", type);
    if (message != null) {
      summary.put("response_message_id", Json.id(message.id))
          .put("response_message_loading", type == 5)
          .put("response_message_ephemeral", message.ephemeral);
      resource.set("message", message.json.deepCopy());
    }
    waiters.changed();
    return response;
  }

  /** The message a reply or deferred reply (callback type 4 or 5) creates. */
  private Model.Message responseMessage(Model.Interaction interaction, JsonNode data, int extraFlags, int type) {
    Model.Channel channel = directory.channel(interaction.channelId);
    ObjectNode body = data.isObject() ? (ObjectNode) data.deepCopy() : Json.object();
    body.put("flags", body.path("flags").asInt(0) | extraFlags);
    long id = ids.next();
    ObjectNode json = messages.messageJson(id, channel, directory.bot, body, type);
    json.put("flags", body.path("flags").asInt(0));
    json.put("webhook_id", Json.id(directory.applicationId()))
        .put("application_id", Json.id(directory.applicationId()));
    ObjectNode metadata = json.putObject("interaction_metadata")
        .put("id", Json.id(interaction.id))
        .put("type", interaction.type);
    metadata.set("user", payloads.userJson(directory.user(interaction.userId)));
    ObjectNode owners = metadata.putObject("authorizing_integration_owners");
    if (interaction.guildId != 0) {
      owners.put("0", Json.id(interaction.guildId));
    } else {
      owners.put("1", Json.id(interaction.userId));
    }
    boolean ephemeral = (json.path("flags").asInt() & LocalMessage.EPHEMERAL) != 0;
    Model.Message message = new Model.Message(json, id, channel.id, ephemeral);
    messages.keep(channel, message);
    if (!ephemeral) {
      channel.lastMessageId = id;
    }
    messages.dispatch("MESSAGE_CREATE", channel, message);
    return message;
  }

  private Model.Message updateComponentMessage(Model.Interaction interaction, JsonNode data) {
    Model.Channel channel = directory.channel(interaction.channelId);
    Model.Message message = Messages.message(channel, interaction.componentMessageId);
    messages.edit(channel, message, data);
    return message;
  }

  /** The interaction a webhook call names by its token; unknown once it expired. */
  Model.Interaction byToken(long applicationId, String interactionToken) {
    forgetExpired();
    Model.Interaction interaction = interactionsByToken.get(interactionToken);
    if (interaction == null || applicationId != directory.applicationId()) {
      throw DiscordError.unknown("Webhook", 10015);
    }
    return interaction;
  }

  ObjectNode followUp(long applicationId, String interactionToken, JsonNode body) {
    Model.Interaction interaction = byToken(applicationId, interactionToken);
    if (interaction.callbacks.isEmpty()) {
      throw DiscordError.unknown("Webhook", 10015);
    }
    Model.Channel channel = directory.channel(interaction.channelId);
    Model.Message original = interaction.original;
    if (original != null && (original.json.path("flags").asInt() & LocalMessage.LOADING) != 0) {
      // The first follow-up to a deferred reply becomes that reply, as on Discord.
      ObjectNode edit = body.deepCopy();
      edit.put("flags", original.json.path("flags").asInt() & ~LocalMessage.LOADING);
      messages.applyContent(original.json, edit, false);
      interaction.editedAfterAck = true;
      messages.dispatch("MESSAGE_UPDATE", channel, original);
      waiters.changed();
      return original.json.deepCopy();
    }
    long id = ids.next();
    ObjectNode json = messages.messageJson(id, channel, directory.bot, body, 0);
    json.put("webhook_id", Json.id(directory.applicationId()))
        .put("application_id", Json.id(directory.applicationId()));
    boolean ephemeral = (json.path("flags").asInt() & LocalMessage.EPHEMERAL) != 0;
    Model.Message message = new Model.Message(json, id, channel.id, ephemeral);
    messages.keep(channel, message);
    interaction.followUps.add(message);
    messages.dispatch("MESSAGE_CREATE", channel, message);
    waiters.changed();
    return json.deepCopy();
  }

  /** A message of an interaction's webhook: {@code @original} or a follow-up's id. */
  Model.Message webhookMessage(long applicationId, String interactionToken, String messageId) {
    Model.Interaction interaction = byToken(applicationId, interactionToken);
    if (messageId.equals("@original")) {
      if (interaction.original == null) {
        throw DiscordError.unknown("Message", 10008);
      }
      return interaction.original;
    }
    long id = Long.parseUnsignedLong(messageId);
    if (interaction.original != null && interaction.original.id == id) {
      return interaction.original;
    }
    return interaction.followUps.stream().filter(m -> m.id == id && !m.deleted).findFirst()
        .orElseThrow(() -> DiscordError.unknown("Message", 10008));
  }

  ObjectNode editWebhookMessage(long applicationId, String interactionToken, String messageId, JsonNode body) {
    Model.Message message = webhookMessage(applicationId, interactionToken, messageId);
    ObjectNode edit = body.deepCopy();
    edit.put("flags", (body.has("flags") ? body.path("flags").asInt() : message.json.path("flags").asInt())
        & ~LocalMessage.LOADING);
    messages.edit(directory.channel(message.channelId), message, edit);
    if (message == byToken(applicationId, interactionToken).original) {
      byToken(applicationId, interactionToken).editedAfterAck = true;
    }
    waiters.changed();
    return message.json.deepCopy();
  }

  void deleteWebhookMessage(long applicationId, String interactionToken, String messageId) {
    Model.Message message = webhookMessage(applicationId, interactionToken, messageId);
    messages.delete(directory.channel(message.channelId), message);
  }
}
