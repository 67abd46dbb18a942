package dev.cogwheel.plugins.xp;

/**
 * The level curve: going from level {@code n} to {@code n + 1} takes {@code 5n² + 50n + 100} XP (100 XP
 * for level 1, 155 more for level 2, 220 more for level 3, ...), so a level is a few more messages than
 * the one before. Level 0 starts at 0 XP.
 */
final class LevelCurve {

  /** The highest level; its total XP (about 1.7 billion) is far beyond what chatting earns. */
  static final int MAX_LEVEL = 1000;

  private LevelCurve() {}

  /** The XP needed to go from {@code level} to the next one. */
  static long xpToNext(int level) {
    long n = level;
    return 5 * n * n + 50 * n + 100;
  }

  /** The total XP at which {@code level} is reached. */
  static long totalXp(int level) {
    long n = level;
    // The sum of 5k² + 50k + 100 for k from 0 to n - 1.
    return 5 * (n - 1) * n * (2 * n - 1) / 6 + 25 * n * (n - 1) + 100 * n;
  }

  /** The level a member with {@code xp} XP has. */
  static int level(long xp) {
    int level = 0;
    while (level < MAX_LEVEL && totalXp(level + 1) <= xp) {
      level++;
    }
    return level;
  }
}
