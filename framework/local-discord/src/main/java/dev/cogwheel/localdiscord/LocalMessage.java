package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a message: one a driven user sent, or one the bot sent, replied with or edited.
 * It wraps the message's JSON as the server sends it to the bot; the accessors read the parts a
 * test looks at.
 */
public final class LocalMessage {

  /** The message flag Discord sets on a message only its recipient sees. */
  public static final int EPHEMERAL = 64;

  /** The message flag of a deferred reply that is still "thinking". */
  public static final int LOADING = 128;

  private final JsonNode json;
  private final boolean fromBot;

  LocalMessage(JsonNode json, boolean fromBot) {
    this.json = Objects.requireNonNull(json, "json").deepCopy();
    this.fromBot = fromBot;
  }

  /** @return the message's snowflake */
  public String id() {
    return json.path("id").asText();
  }

  /** @return the channel it was sent in */
  public String channelId() {
    return json.path("channel_id").asText();
  }

  /** @return its guild, empty in a DM */
  public Optional<String> guildId() {
    return json.hasNonNull("guild_id") ? Optional.of(json.get("guild_id").asText()) : Optional.empty();
  }

  /** @return the author's user id */
  public String authorId() {
    return json.path("author").path("id").asText();
  }

  /** @return the author's username */
  public String authorName() {
    return json.path("author").path("username").asText();
  }

  /** @return whether the bot sent it (directly or as an interaction response) */
  public boolean fromBot() {
    return fromBot;
  }

  /** @return its text, empty when it has none */
  public String content() {
    return json.path("content").asText("");
  }

  /**
   * Whether it pinged {@code @everyone} or {@code @here}: the content has one, the sender's
   * {@code allowed_mentions} let it parse, and the sender may mention everyone there.
   *
   * @return whether everyone in the channel was notified
   */
  public boolean pingsEveryone() {
    return json.path("mention_everyone").asBoolean(false);
  }

  /** @return the users it pinged (mentioned in the content and allowed by {@code allowed_mentions}) */
  public List<Long> pingedUsers() {
    List<Long> ids = new ArrayList<>();
    json.path("mentions").forEach(user -> ids.add(Long.parseUnsignedLong(user.path("id").asText())));
    return ids;
  }

  /** @return the roles it pinged (mentioned in the content and allowed by {@code allowed_mentions}) */
  public List<Long> pingedRoles() {
    List<Long> ids = new ArrayList<>();
    json.path("mention_roles").forEach(role -> ids.add(Long.parseUnsignedLong(role.asText())));
    return ids;
  }

  /** @return whether it pinged anyone at all */
  public boolean pingsAnyone() {
    return pingsEveryone() || !pingedUsers().isEmpty() || !pingedRoles().isEmpty();
  }

  /** @return its embeds as Discord's embed objects */
  public List<JsonNode> embeds() {
    List<JsonNode> embeds = new ArrayList<>();
    json.path("embeds").forEach(embeds::add);
    return embeds;
  }

  /** @return the titles and descriptions of its embeds and its content, one text to search in */
  public String text() {
    StringBuilder text = new StringBuilder(content());
    for (JsonNode embed : embeds()) {
      appendIfPresent(text, embed.path("title"));
      appendIfPresent(text, embed.path("description"));
      embed.path("fields").forEach(field -> {
        appendIfPresent(text, field.path("name"));
        appendIfPresent(text, field.path("value"));
      });
    }
    return text.toString();
  }

  private static void appendIfPresent(StringBuilder text, JsonNode node) {
    if (node.isTextual()) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(node.asText());
    }
  }

  /** @return the buttons in its components, in order (nested action rows and containers searched) */
  public List<Button> buttons() {
    List<Button> buttons = new ArrayList<>();
    collectButtons(json.path("components"), buttons);
    return buttons;
  }

  private static void collectButtons(JsonNode components, List<Button> out) {
    for (JsonNode component : components) {
      if (component.path("type").asInt() == 2) {
        out.add(new Button(
            component.path("custom_id").asText(null),
            component.path("label").asText(""),
            component.path("style").asInt(1),
            component.path("disabled").asBoolean(false)));
      }
      collectButtons(component.path("components"), out);
      if (component.has("accessory")) {
        collectButtons(Json.array().add(component.get("accessory")), out);
      }
    }
  }

  /** @return its message flags */
  public int flags() {
    return json.path("flags").asInt(0);
  }

  /** @return whether only the interacting user sees it */
  public boolean isEphemeral() {
    return (flags() & EPHEMERAL) != 0;
  }

  /** @return whether it is a deferred reply still waiting for its content */
  public boolean isLoading() {
    return (flags() & LOADING) != 0;
  }

  /** @return when it was last edited, if ever */
  public Optional<Instant> editedAt() {
    return json.hasNonNull("edited_timestamp")
        ? Optional.of(OffsetDateTime.parse(json.get("edited_timestamp").asText()).toInstant())
        : Optional.empty();
  }

  /** @return the message's JSON as the bot received it (a copy) */
  public JsonNode json() {
    return json.deepCopy();
  }

  @Override
  public String toString() {
    return "LocalMessage[" + id() + " by " + authorName() + ": " + text() + "]";
  }

  /**
   * A button of a message.
   *
   * @param customId its custom id (null for a link button)
   * @param label its label
   * @param style Discord's button style number
   * @param disabled whether it is disabled
   */
  public record Button(String customId, String label, int style, boolean disabled) {}
}
