package dev.cogwheel.plugins.events;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cog's part of {@code /mydata}: export lists a person's answers and the events they created;
 * forget deletes the answers and removes their Pid from the events they created, which stay.
 */
final class EventsUserData implements UserDataHook {

  private final EventStore store;

  EventsUserData(EventStore store) {
    this.store = store;
  }

  @Override
  public List<UserDataRecord> export(Pid pid) {
    List<UserDataRecord> records = new ArrayList<>();
    store.createdBy(pid).forEach(e -> records.add(new UserDataRecord("events_events", Map.of(
        "guild_id", Long.toString(e.guildId()), "event", Long.toString(e.number()), "title", e.title(), "role", "creator"))));
    store.answersOf(pid).forEach(r -> records.add(new UserDataRecord("events_rsvps", Map.of(
        "guild_id", Long.toString(r.guildId()), "event", Long.toString(r.number()), "answer", r.answer().label,
        "answered_at", r.answeredAt().toString()))));
    return records;
  }

  @Override
  public int delete(Pid pid) {
    int deleted = store.deleteAnswersOf(pid);
    for (Event created : store.createdBy(pid)) {
      store.update(created.withCreator(null));
      deleted++;
    }
    return deleted;
  }
}
