package dev.cogwheel.plugins.moderation;

import dev.cogwheel.storage.Pid;
import java.time.Instant;

/**
 * A row of moderation_cases: one action on a member, numbered per guild. The moderator is null once
 * they asked to be forgotten; {@code expiresAt} is set for a timeout or tempban, {@code endedAt} once a
 * tempban ended.
 */
record Case(long guildId, long number, Action action, Pid target, Pid moderator, String reason, Long durationSeconds,
    Instant createdAt, Instant expiresAt, Instant endedAt) {

  Case withReason(String text) {
    return new Case(guildId, number, action, target, moderator, text, durationSeconds, createdAt, expiresAt, endedAt);
  }

  Case withModerator(Pid pid) {
    return new Case(guildId, number, action, target, pid, reason, durationSeconds, createdAt, expiresAt, endedAt);
  }

  Case expiringAt(Instant at) {
    return new Case(guildId, number, action, target, moderator, reason, durationSeconds, createdAt, at, endedAt);
  }

  Case ended(Instant at) {
    return new Case(guildId, number, action, target, moderator, reason, durationSeconds, createdAt, expiresAt, at);
  }
}
