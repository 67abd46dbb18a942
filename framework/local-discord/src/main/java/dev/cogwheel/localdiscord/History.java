package dev.cogwheel.localdiscord;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of its past a {@link LocalDiscord} keeps, so that a long session (a bot run with
 * {@code cogwheel run --local} for days, or a load driver) does not grow without bound. Whatever
 * is dropped is dropped oldest first; nothing a test of ordinary length reads is ever dropped with
 * {@link #DEFAULT}.
 *
 * @param actions the recorded REST calls the {@link ActionLog} keeps (sequence numbers keep counting)
 * @param messagesPerChannel the messages each channel keeps; older ones are gone from its history,
 *     as if deleted, but no MESSAGE_DELETE is sent
 * @param interactions how long an interaction can be answered and followed up; Discord's
 *     interaction tokens are valid for 15 minutes, after which Discord answers "Unknown
 *     interaction" (10062) and "Unknown Webhook" (10015), and so does the local Discord
 */
public record History(int actions, int messagesPerChannel, Duration interactions) {

  /** 10,000 actions, 10,000 messages per channel, and Discord's 15 minutes for interactions. */
  public static final History DEFAULT = new History(10_000, 10_000, Duration.ofMinutes(15));

  /** Checks the limits. */
  public History {
    if (actions < 1) {
      throw new IllegalArgumentException("History.actions must be at least 1, got " + actions);
    }
    if (messagesPerChannel < 1) {
      throw new IllegalArgumentException("History.messagesPerChannel must be at least 1, got " + messagesPerChannel);
    }
    Objects.requireNonNull(interactions, "interactions");
    if (interactions.isNegative() || interactions.isZero()) {
      throw new IllegalArgumentException("History.interactions must be positive, got " + interactions);
    }
  }
}
