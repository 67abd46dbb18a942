package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A driven interaction (a slash command, a button press or a modal submission) and what the bot answered it with.
 * The {@code await} methods wait for the bot; the others read what it has done so far. Thread-safe.
 */
public final class InteractionHandle {

  /** Discord's callback type for a reply with a message. */
  public static final int REPLY = 4;
  /** The callback type for a deferred reply ("thinking..."). */
  public static final int DEFER_REPLY = 5;
  /** The callback type for a deferred update of a component's message. */
  public static final int DEFER_UPDATE = 6;
  /** The callback type for an update of a component's message. */
  public static final int UPDATE_MESSAGE = 7;
  /** The callback type for a modal. */
  public static final int MODAL = 9;

  private final WorldState world;
  private final Model.Interaction interaction;

  InteractionHandle(WorldState world, Model.Interaction interaction) {
    this.world = world;
    this.interaction = interaction;
  }

  /** @return the interaction's snowflake */
  public String id() {
    return Json.id(interaction.id);
  }

  /** @return what was invoked, as in {@code /pay to:<id> amount:10} or {@code button Confirm} */
  public String description() {
    return interaction.description;
  }

  /** @return the INTERACTION_CREATE payload the bot received (a copy) */
  public JsonNode payload() {
    return Json.parse(interaction.payload);
  }

  /**
   * Waits for the bot to acknowledge the interaction.
   *
   * @param timeout how long to wait
   * @return the callback body the bot sent ({@code type} and {@code data})
   * @throws LocalDiscordException when the bot did not answer in time
   */
  public JsonNode awaitCallback(Duration timeout) {
    return world.waiters.await("the bot to answer " + interaction.description, timeout,
        () -> interaction.callbacks.isEmpty()
            ? Optional.empty() : Optional.of(interaction.callbacks.get(0).deepCopy()));
  }

  /**
   * Waits for the bot to answer with a modal (callback type 9), which the user can then fill in
   * with {@link LocalUser#submitModal(InteractionHandle, java.util.Map)}.
   *
   * @param timeout how long to wait
   * @return the modal as the bot sent it ({@code custom_id}, {@code title}, {@code components})
   * @throws LocalDiscordException when the bot did not answer in time, or answered otherwise
   */
  public JsonNode awaitModal(Duration timeout) {
    JsonNode callback = awaitCallback(timeout);
    if (callback.path("type").asInt() != MODAL) {
      throw new LocalDiscordException("The bot answered " + interaction.description + " with callback type "
          + callback.path("type").asInt() + ", not a modal");
    }
    return callback.path("data");
  }

  /**
   * Waits for the bot's visible answer: the reply message, the deferred reply once its content
   * arrived (by editing the original or by the first follow-up), or the component's message once
   * the bot updated it.
   *
   * @param timeout how long to wait
   * @return the answer as it is now
   * @throws LocalDiscordException when the bot did not answer in time
   */
  public LocalMessage awaitReply(Duration timeout) {
    return world.waiters.await("a reply to " + interaction.description, timeout, this::currentReply);
  }

  /** @return the visible answer so far, if there is one */
  public Optional<LocalMessage> reply() {
    synchronized (world) {
      return currentReply();
    }
  }

  private Optional<LocalMessage> currentReply() {
    if (interaction.callbacks.isEmpty() || interaction.original == null) {
      return Optional.empty();
    }
    int type = interaction.callbacks.get(0).path("type").asInt();
    boolean loading = (interaction.original.json.path("flags").asInt() & LocalMessage.LOADING) != 0;
    if (loading || (type == DEFER_UPDATE && !interaction.editedAfterAck)) {
      return Optional.empty();
    }
    return Optional.of(world.snapshots.of(interaction.original));
  }

  /**
   * Waits until the bot sent at least this many follow-up messages (besides the one that filled
   * a deferred reply).
   *
   * @param count how many follow-ups
   * @param timeout how long to wait
   * @return all follow-ups so far, oldest first
   * @throws LocalDiscordException when fewer arrived in time
   */
  public List<LocalMessage> awaitFollowUps(int count, Duration timeout) {
    return world.waiters.await(count + " follow-ups to " + interaction.description, timeout,
        () -> interaction.followUps.size() >= count ? Optional.of(followUps()) : Optional.empty());
  }

  /** @return the follow-up messages so far, oldest first */
  public List<LocalMessage> followUps() {
    synchronized (world) {
      return interaction.followUps.stream().filter(m -> !m.deleted).map(world.snapshots::of).toList();
    }
  }

  /** @return whether the bot's first answer was a deferral (type 5 or 6) */
  public boolean isDeferred() {
    synchronized (world) {
      if (interaction.callbacks.isEmpty()) {
        return false;
      }
      int type = interaction.callbacks.get(0).path("type").asInt();
      return type == DEFER_REPLY || type == DEFER_UPDATE;
    }
  }

  @Override
  public String toString() {
    return "InteractionHandle[" + interaction.description + "]";
  }
}
