package dev.cogwheel.plugins.events;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Operator;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of every guild in events_events, numbered per guild in events_counters, and the
 * members' answers to them in events_rsvps.
 */
final class EventStore {

  /** A row of events_counters. */
  private record Counter(long guildId, long lastEvent) {}

  private final Table<Event> events;
  private final Table<Rsvp> rsvps;
  private final Table<Counter> counters;

  EventStore(StorageService storage) {
    this.events = storage.table("events_events", Event.class);
    this.rsvps = storage.table("events_rsvps", Rsvp.class);
    this.counters = storage.table("events_counters", Counter.class);
  }

  /** Gives out a guild's next event number; a number is never given out twice, even if its event is not stored. */
  long nextNumber(long guildId) {
    return counters.increment(Key.of(guildId), "last_event", 1);
  }

  void insert(Event event) {
    events.insert(event);
  }

  void update(Event event) {
    events.update(event);
  }

  Optional<Event> find(long guildId, long number) {
    return events.find(Key.of(guildId, number));
  }

  /** A guild's events that are not cancelled and start after a time, soonest first. */
  List<Event> upcoming(long guildId, Instant after, int limit) {
    return events.query(Query.where("guild_id", guildId).and("cancelled", false)
        .and("starts_at", Operator.GT, after).orderBy("starts_at").limit(limit));
  }

  /** The events a member created, in every guild. */
  List<Event> createdBy(Pid creator) {
    return events.query(Query.where("creator", creator));
  }

  /** Stores a member's answer, replacing the one they gave before. */
  void answer(Rsvp rsvp) {
    rsvps.upsert(rsvp);
  }

  /** How many members gave each answer to an event. */
  Map<Answer, Long> counts(Event event) {
    Map<Answer, Long> counts = new EnumMap<>(Answer.class);
    for (Answer answer : Answer.values()) {
      counts.put(answer, rsvps.count(Query.where("guild_id", event.guildId()).and("number", event.number()).and("answer", answer)));
    }
    return counts;
  }

  /** The members who gave one of these answers to an event. */
  List<Pid> answered(Event event, List<Answer> answers) {
    return rsvps.query(Query.where("guild_id", event.guildId()).and("number", event.number()).and("answer", Operator.IN, answers))
        .stream().map(Rsvp::pid).toList();
  }

  /** A member's answers, in every guild. */
  List<Rsvp> answersOf(Pid pid) {
    return rsvps.query(Query.where("pid", pid));
  }

  /**
   * Deletes a member's answers, in every guild.
   *
   * @return how many there were
   */
  int deleteAnswersOf(Pid pid) {
    return rsvps.deleteWhere(Query.where("pid", pid));
  }
}
