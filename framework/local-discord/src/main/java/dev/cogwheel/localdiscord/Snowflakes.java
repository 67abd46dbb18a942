package dev.cogwheel.localdiscord;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes Discord snowflakes: the milliseconds since Discord's epoch shifted left by 22 bits, then
 * worker bits. Every id gets its own millisecond, never behind the clock, so ids are unique and
 * ordered, and the time JDA reads from an interaction's id is now (it refuses follow-ups to
 * interactions older than 15 minutes).
 *
 * <p>Guild ids count their milliseconds on their own, under worker 1 so they never collide with
 * other ids: guilds made one after another have consecutive timestamps and so spread evenly over
 * shards under {@code (id >> 22) % shards}, as Discord's guilds do, whatever else was made between
 * them.
 */
final class Snowflakes {

  static final long DISCORD_EPOCH_MS = 1420070400000L;
  private static final long GUILD_WORKER = 1L << 17;

  private final AtomicLong lastMs = new AtomicLong();
  private final AtomicLong lastGuildMs = new AtomicLong();

  long next() {
    return tick(lastMs) << 22;
  }

  long nextGuild() {
    return (tick(lastGuildMs) << 22) | GUILD_WORKER;
  }

  private static long tick(AtomicLong last) {
    long now = System.currentTimeMillis() - DISCORD_EPOCH_MS;
    return last.updateAndGet(previous -> Math.max(previous + 1, now));
  }

  static int shardOf(long guildId, int shardCount) {
    return (int) ((guildId >>> 22) % shardCount);
  }
}
