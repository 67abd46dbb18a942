package dev.cogwheel.api.timer;

import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.api.plugin.Quarantine;
import dev.cogwheel.api.scheduler.ScheduledTask;
import dev.cogwheel.api.scheduler.Scheduler;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.storage.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Timers that survive restarts: "unban this member at 18:00", "remind the attendees an hour
 * before". Each timer is kept in the plugin's State storage under {@code timers/<name>/<id>} and
 * armed on the plugin's {@link Scheduler}; when the plugin starts again (after a reload or a restart
 * of the bot) {@link #open} arms every pending timer, and one that came due while the bot was down
 * fires at once.
 *
 * <pre>{@code
 * Timers unbans = Timers.open(context, "unban", timer -> unban(timer.payload()));
 * unbans.schedule(caseId, Instant.now().plus(duration), guildId + ":" + caseId);
 * }</pre>
 *
 * <p>Delivery is at least once: a timer is claimed (its due time moved on by {@link #LEASE}) before
 * its handler runs and deleted after the handler returns, so when several bot processes share the
 * database only one of them runs it, and a timer whose process died mid-run fires again once the
 * lease is over. A handler that throws is retried after a minute, up to {@link #ATTEMPTS} times.
 * Handlers should therefore be idempotent. The payload is plain text kept in the database: put ids of
 * the plugin's own rows in it, not Discord user ids.
 *
 * <p>A timer is due at most {@link #MAX_DISTANCE} (ten years) from now. A stored timer that cannot be
 * read, or is due further ahead (written by hand, or by an older version without this limit), never
 * fails {@link #open} or the plugin's start: it is reported to the plugin's {@link Quarantine} and left
 * in storage, and the other timers run.
 */
public final class Timers {

  /** How long a claimed timer is left to its handler before another process may run it again. */
  public static final Duration LEASE = Duration.ofMinutes(5);

  /** How many times a failing handler runs before the timer is dropped. */
  public static final int ATTEMPTS = 5;

  /** How far from now a timer may be due, ahead or behind: ten years. */
  public static final Duration MAX_DISTANCE = Duration.ofDays(3_653);

  /** The longest wait armed at once; a timer due later is armed again when the wait ends. */
  private static final Duration MAX_WAIT = Duration.ofDays(1);
  private static final Duration RETRY = Duration.ofMinutes(1);
  private static final Duration RESCAN = Duration.ofMinutes(1);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  /** One pending timer. */
  public record Timer(String id, Instant due, int attempt, String payload) {
    /** Checks the fields. */
    public Timer {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** What runs when a timer is due. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Runs a due timer on one of the plugin's workers.
     *
     * @param timer the timer; {@link Timer#attempt()} is 1 on the first run
     * @throws Exception to have it retried in a minute
     */
    void fire(Timer timer) throws Exception;
  }

  private final String prefix;
  private final StateStore state;
  private final Scheduler scheduler;
  private final Logger log;
  private final Quarantine quarantine;
  private final Handler handler;
  private final Map<String, Armed> armed = new ConcurrentHashMap<>();

  private record Armed(Instant due, ScheduledTask task) {}

  private Timers(String name, PluginContext context, Handler handler) {
    this.prefix = "timers/" + name + "/";
    this.state = context.storage().state();
    this.scheduler = context.scheduler();
    this.log = context.logger();
    this.quarantine = context.quarantine();
    this.handler = handler;
  }

  /**
   * Opens a plugin's timers of one kind and arms every pending one. Call it in {@code start()}.
   *
   * @param context the plugin's context
   * @param name the kind of timer: 1 to 40 of lower-case letters, digits, {@code _ -}
   * @param handler what runs when one is due
   * @return the timers
   * @throws IllegalArgumentException if the name is not valid
   */
  public static Timers open(PluginContext context, String name, Handler handler) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Timer name '" + name + "' is not valid: use 1 to 40 lower-case letters, digits,"
          + " '_' or '-', starting with a letter or digit.");
    }
    Timers timers = new Timers(name, context, Objects.requireNonNull(handler, "handler"));
    timers.rescan();
    context.scheduler().repeat(RESCAN, RESCAN, timers::rescan);
    return timers;
  }

  /**
   * Schedules a timer, replacing the pending one with the same id.
   *
   * @param id the timer's id within its kind: 1 to 100 of letters, digits, {@code . _ : -}
   * @param due when it fires, at most {@link #MAX_DISTANCE} from now; a time in the past fires at once
   * @param payload what the handler needs, as text (at most what State storage allows)
   * @throws IllegalArgumentException if the id is not valid, or the time is further than
   *     {@link #MAX_DISTANCE} from now (check times members give before they get here)
   */
  public void schedule(String id, Instant due, String payload) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Timer id '" + id + "' is not valid: use 1 to 100 letters, digits, '.', '_', ':' or '-'.");
    }
    Instant now = Instant.now();
    if (due.isAfter(now.plus(MAX_DISTANCE)) || due.isBefore(now.minus(MAX_DISTANCE))) {
      throw new IllegalArgumentException("Timer " + id + " is due " + due + ", more than ten years from now; a timer may be"
          + " due at most " + MAX_DISTANCE.toDays() + " days ahead or behind.");
    }
    Timer timer = new Timer(id, due, 0, payload);
    state.put(prefix + id, encode(timer));
    arm(timer);
  }

  /**
   * Cancels a pending timer.
   *
   * @param id the timer's id
   * @return true if it was pending
   */
  public boolean cancel(String id) {
    Armed previous = armed.remove(id);
    if (previous != null) {
      previous.task().cancel();
    }
    return state.delete(prefix + id);
  }

  /**
   * The pending timers of this kind, soonest first.
   *
   * @return the timers
   */
  public List<Timer> pending() {
    return state.list(prefix).stream()
        .map(this::read)
        .flatMap(Optional::stream)
        .sorted((a, b) -> a.due().compareTo(b.due()))
        .toList();
  }

  /**
   * A pending timer.
   *
   * @param id the timer's id
   * @return the timer, or empty if none is pending with that id
   */
  public Optional<Timer> find(String id) {
    return state.find(prefix + id).flatMap(this::read);
  }

  private void rescan() {
    for (StateEntry entry : state.list(prefix)) {
      read(entry).ifPresent(timer -> {
        Armed current = armed.get(timer.id());
        if (current == null || !current.due().equals(timer.due())) {
          arm(timer);
        }
      });
    }
  }

  /** Decodes a stored timer; one that cannot be decoded is quarantined and left in storage. */
  private Optional<Timer> read(StateEntry entry) {
    try {
      return Optional.of(decode(entry));
    } catch (RuntimeException e) {
      quarantine.add(entry.key(), "this timer cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); it never fires: delete the state entry or write it again with Timers.schedule");
      return Optional.empty();
    }
  }

  private void arm(Timer timer) {
    Duration delay = Duration.between(Instant.now(), timer.due());
    Duration wait = delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : delay;
    ScheduledTask task = scheduler.schedule(wait, () -> fire(timer.id()));
    Armed previous = armed.put(timer.id(), new Armed(timer.due(), task));
    if (previous != null) {
      previous.task().cancel();
    }
  }

  private void fire(String id) {
    String key = prefix + id;
    Optional<StateEntry> entry = state.find(key);
    if (entry.isEmpty()) {
      armed.remove(id);
      return;
    }
    Optional<Timer> read = read(entry.get());
    if (read.isEmpty()) {
      armed.remove(id);
      return;
    }
    Timer timer = read.get();
    Instant now = Instant.now();
    if (timer.due().isAfter(now)) {
      arm(timer);
      return;
    }
    Timer running = new Timer(id, timer.due(), timer.attempt() + 1, timer.payload());
    Optional<StateEntry> claimed = state.compareAndSet(key, entry.get().version(),
        encode(new Timer(id, now.plus(LEASE), running.attempt(), timer.payload())));
    if (claimed.isEmpty()) {
      state.find(key).flatMap(this::read).ifPresent(this::arm);
      return;
    }
    try {
      handler.fire(running);
      state.compareAndDelete(key, claimed.get().version());
      armed.remove(id);
    } catch (Exception e) {
      if (running.attempt() >= ATTEMPTS) {
        log.warn("timer.dropped kind={} id={} attempts={} error={}", kind(), id, running.attempt(), e.toString());
        state.compareAndDelete(key, claimed.get().version());
        armed.remove(id);
      } else {
        log.warn("timer.failed kind={} id={} attempt={} retry_in={} error={}", kind(), id, running.attempt(), RETRY, e.toString());
        Timer retry = new Timer(id, now.plus(RETRY), running.attempt(), timer.payload());
        state.compareAndSet(key, claimed.get().version(), encode(retry)).ifPresent(updated -> arm(retry));
      }
    }
  }

  private String kind() {
    return prefix.substring("timers/".length(), prefix.length() - 1);
  }

  private static String encode(Timer timer) {
    return timer.due().toEpochMilli() + "\n" + timer.attempt() + "\n" + timer.payload();
  }

  private Timer decode(StateEntry entry) {
    String[] parts = entry.value().split("\n", 3);
    if (parts.length < 3) {
      throw new IllegalArgumentException("it has " + parts.length + " of its 3 lines (due, attempt, payload)");
    }
    Instant due = Instant.ofEpochMilli(Long.parseLong(parts[0]));
    if (due.isAfter(Instant.now().plus(MAX_DISTANCE))) {
      throw new IllegalArgumentException("it is due " + due + ", more than ten years ahead");
    }
    return new Timer(entry.key().substring(prefix.length()), due, Integer.parseInt(parts[1]), parts[2]);
  }
}
