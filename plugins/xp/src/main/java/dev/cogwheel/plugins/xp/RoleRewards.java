package dev.cogwheel.plugins.xp;

import dev.cogwheel.storage.config.ConfigType;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The roles members get on reaching levels, as an admin types them: {@code 5:@Regular, 10:@Veteran}
 * (role mentions are read as ids, so {@code 5:123456789} works too). Written back as
 * {@code 5:123,10:456}.
 *
 * @param byLevel the role id per level, in level order
 */
record RoleRewards(NavigableMap<Integer, Long> byLevel) {

  /** At most this many rewards, so that /xp config show stays readable. */
  static final int MAX_REWARDS = 25;

  static final RoleRewards NONE = new RoleRewards(new TreeMap<>());

  /** The config type: {@code level:role} pairs separated by commas; empty for none. */
  static final ConfigType<RoleRewards> TYPE = new ConfigType<>("level:role list", RoleRewards.class,
      RoleRewards::encode, RoleRewards::parse);

  RoleRewards {
    byLevel = Collections.unmodifiableNavigableMap(new TreeMap<>(byLevel));
  }

  /** The roles for every level up to and including {@code level}. */
  Map<Integer, Long> upTo(int level) {
    return byLevel.headMap(level, true);
  }

  private static String encode(RoleRewards rewards) {
    return rewards.byLevel.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
  }

  private static RoleRewards parse(String text) {
    NavigableMap<Integer, Long> byLevel = new TreeMap<>();
    if (text.isBlank()) {
      return new RoleRewards(byLevel);
    }
    for (String pair : text.split(",")) {
      String[] parts = pair.trim().split("\\s*:\\s*");
      if (parts.length != 2) {
        throw new IllegalArgumentException("write level:role pairs separated by commas, like 5:@Regular, 10:@Veteran; '"
            + pair.trim() + "' is not one");
      }
      int level = parseLevel(parts[0]);
      long role = parseRole(parts[1]);
      if (byLevel.put(level, role) != null) {
        throw new IllegalArgumentException("level " + level + " is given twice; give each level one role");
      }
    }
    if (byLevel.size() > MAX_REWARDS) {
      throw new IllegalArgumentException("at most " + MAX_REWARDS + " rewards, got " + byLevel.size());
    }
    return new RoleRewards(byLevel);
  }

  private static int parseLevel(String text) {
    try {
      int level = Integer.parseInt(text);
      if (level >= 1 && level <= LevelCurve.MAX_LEVEL) {
        return level;
      }
    } catch (NumberFormatException e) {
      // Reported below with the rule.
    }
    throw new IllegalArgumentException("'" + text + "' is not a level from 1 to " + LevelCurve.MAX_LEVEL);
  }

  private static long parseRole(String text) {
    try {
      long role = Long.parseLong(text);
      if (role > 0) {
        return role;
      }
    } catch (NumberFormatException e) {
      // Reported below with the rule.
    }
    throw new IllegalArgumentException("'" + text + "' is not a role: mention it (@Role) or give its id");
  }
}
