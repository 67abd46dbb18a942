package dev.cogwheel.plugins.events;

import dev.cogwheel.storage.Pid;
import java.time.Instant;

/** A row of events_rsvps: a member's answer to an event; a new press replaces it. */
record Rsvp(long guildId, long number, Pid pid, Answer answer, Instant answeredAt) {}
