package dev.cogwheel.runtime.discord.local;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes Discord snowflakes: the milliseconds since Discord's epoch shifted left by 22 bits. Every
 * id gets its own millisecond (never behind the clock), so ids are unique and ordered, the time JDA
 * reads from an interaction's id is now (it refuses follow-ups to interactions older than 15
 * minutes), and guilds made one after another fall into different shards under
 * {@code (id >> 22) % shards}, as they would on Discord.
 */
final class Snowflakes {

  static final long DISCORD_EPOCH_MS = 1420070400000L;

  private final AtomicLong lastMs = new AtomicLong();

  long next() {
    long now = System.currentTimeMillis() - DISCORD_EPOCH_MS;
    return lastMs.updateAndGet(previous -> Math.max(previous + 1, now)) << 22;
  }

  static int shardOf(long guildId, int shardCount) {
    return (int) ((guildId >>> 22) % shardCount);
  }
}
