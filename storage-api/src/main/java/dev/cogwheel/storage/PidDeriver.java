package dev.cogwheel.storage;

/**
 * Derives {@link Pid}s with the instance's secret. Implementations are thread-safe.
 */
public interface PidDeriver {

  /**
   * The Pid of a member of a guild.
   *
   * @param guildId the guild's Discord id
   * @param userId the user's Discord id
   * @return the member's Pid, stable for this instance
   */
  Pid member(long guildId, long userId);

  /**
   * The Pid of a user independent of any guild; the same as {@code member(0, userId)}.
   *
   * @param userId the user's Discord id
   * @return the user's Pid, stable for this instance
   */
  default Pid user(long userId) {
    return member(0L, userId);
  }
}
