package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST calls the bot made to a {@link LocalDiscord}, in the order the server answered them: the
 * latest {@link History#actions()} of them (sequence numbers go on counting past the dropped ones).
 * Thread-safe: the server appends while tests read, wait and subscribe.
 */
public final class ActionLog {

  private static final Logger log = LoggerFactory.getLogger(ActionLog.class);

  private final int limit;
  /** The actions kept, oldest first; the first has sequence {@code dropped + 1}. */
  private final List<RecordedAction> actions = new ArrayList<>();
  private long dropped;
  private final List<Consumer<RecordedAction>> listeners = new CopyOnWriteArrayList<>();

  ActionLog(int limit) {
    this.limit = limit;
  }

  RecordedAction record(
      String method, String route, String path, JsonNode body, int status, JsonNode result) {
    RecordedAction action;
    synchronized (this) {
      action = new RecordedAction(
          dropped + actions.size() + 1, Instant.now(), method, route, path, body, status, result);
      actions.add(action);
      // Dropped in batches of a quarter of the limit, so that each action costs O(1) on average.
      if (actions.size() > limit + Math.max(1, limit / 4)) {
        int over = actions.size() - limit;
        actions.subList(0, over).clear();
        dropped += over;
      }
    }
    for (Consumer<RecordedAction> listener : listeners) {
      try {
        listener.accept(action);
      } catch (RuntimeException e) {
        log.warn("An action log listener failed on {}", action, e);
      }
    }
    synchronized (this) {
      notifyAll();
    }
    return action;
  }

  /** @return a copy of every recorded action still kept, oldest first */
  public synchronized List<RecordedAction> all() {
    return List.copyOf(actions);
  }

  /** @return the sequence number of the latest action, 0 when none; a mark for {@link #awaitAfter} */
  public synchronized long lastSequence() {
    return dropped + actions.size();
  }

  /**
   * The recorded calls of one route.
   *
   * @param method such as {@code POST}
   * @param route such as {@code channels/{channel_id}/messages}
   * @return those actions, oldest first
   */
  public List<RecordedAction> matching(String method, String route) {
    return all().stream().filter(a -> a.is(method, route)).toList();
  }

  /**
   * Waits for an action that matches, among those already recorded and those to come.
   *
   * @param condition what the action must satisfy
   * @param timeout how long to wait
   * @return the first matching action
   * @throws LocalDiscordException when none matched in time
   */
  public RecordedAction await(Predicate<RecordedAction> condition, Duration timeout) {
    return awaitAfter(0, condition, timeout);
  }

  /**
   * Waits for a matching action recorded after a mark taken with {@link #lastSequence()}.
   *
   * @param sequence the mark
   * @param condition what the action must satisfy
   * @param timeout how long to wait
   * @return the first matching action after the mark
   * @throws LocalDiscordException when none matched in time
   */
  public synchronized RecordedAction awaitAfter(
      long sequence, Predicate<RecordedAction> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long next = sequence + 1;
    while (true) {
      for (int i = (int) Math.max(0, next - dropped - 1); i < actions.size(); i++) {
        if (condition.test(actions.get(i))) {
          return actions.get(i);
        }
      }
      next = dropped + actions.size() + 1;
      long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMs <= 0) {
        throw new LocalDiscordException(
            "No matching action within " + timeout + "; the last actions: "
                + actions.subList(Math.max(0, actions.size() - 10), actions.size()));
      }
      try {
        wait(remainingMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocalDiscordException("Interrupted while waiting for an action", e);
      }
    }
  }

  /**
   * Finds the latest action of a route.
   *
   * @param method such as {@code PATCH}
   * @param route the route template
   * @return the latest such action, if any
   */
  public Optional<RecordedAction> latest(String method, String route) {
    List<RecordedAction> matching = matching(method, route);
    return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
  }

  /**
   * Calls a listener with every action recorded from now on, on the thread that answered the
   * call, in order. Listeners must be quick and must not wait for the bot.
   *
   * @param listener the listener
   * @return closing it unsubscribes the listener
   */
  public AutoCloseable subscribe(Consumer<RecordedAction> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
