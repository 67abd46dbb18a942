package dev.cogwheel.plugins.events;

import dev.cogwheel.storage.Pid;
import java.time.Instant;

/**
 * A row of events_events: an event, numbered per guild, and where its message is. The creator is null
 * once they asked to be forgotten.
 */
record Event(long guildId, long number, long channelId, Long messageId, String title, String description, Instant startsAt,
    Pid creator, Instant createdAt, boolean cancelled) {

  Event posted(long message) {
    return new Event(guildId, number, channelId, message, title, description, startsAt, creator, createdAt, cancelled);
  }

  Event withCreator(Pid pid) {
    return new Event(guildId, number, channelId, messageId, title, description, startsAt, pid, createdAt, cancelled);
  }

  Event cancel() {
    return new Event(guildId, number, channelId, messageId, title, description, startsAt, creator, createdAt, true);
  }
}
