package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * A message's {@code allowed_mentions}, as Discord reads it: which mentions in the content ping.
 * Without the field everything parses (users, roles, {@code @everyone} and {@code @here}); with it,
 * only the types in {@code parse} and the ids in {@code users} and {@code roles} do. Naming a type in
 * {@code parse} and ids of the same type is refused, as Discord refuses it.
 *
 * @param users whether every mentioned user pings
 * @param roles whether every mentioned role pings
 * @param everyone whether {@code @everyone} and {@code @here} ping
 * @param userIds the users that ping when {@code users} is false
 * @param roleIds the roles that ping when {@code roles} is false
 */
record AllowedMentions(boolean users, boolean roles, boolean everyone, Set<Long> userIds, Set<Long> roleIds) {

  private static final AllowedMentions ALL = new AllowedMentions(true, true, true, Set.of(), Set.of());
  private static final int MAX_IDS = 100;

  static AllowedMentions of(JsonNode field) {
    if (field == null || field.isNull()) {
      return ALL;
    }
    if (!field.isObject()) {
      throw invalid("allowed_mentions must be an object");
    }
    Set<String> parse = new HashSet<>();
    for (JsonNode type : field.path("parse")) {
      String name = type.asText();
      if (!name.equals("users") && !name.equals("roles") && !name.equals("everyone")) {
        throw invalid("allowed_mentions.parse: '" + name + "' is not one of users, roles, everyone");
      }
      parse.add(name);
    }
    Set<Long> userIds = ids(field, "users");
    Set<Long> roleIds = ids(field, "roles");
    if (parse.contains("users") && !userIds.isEmpty()) {
      throw invalid("allowed_mentions: parse:[\"users\"] and users are mutually exclusive");
    }
    if (parse.contains("roles") && !roleIds.isEmpty()) {
      throw invalid("allowed_mentions: parse:[\"roles\"] and roles are mutually exclusive");
    }
    return new AllowedMentions(parse.contains("users"), parse.contains("roles"), parse.contains("everyone"),
        Set.copyOf(userIds), Set.copyOf(roleIds));
  }

  boolean user(long id) {
    return users || userIds.contains(id);
  }

  boolean role(long id) {
    return roles || roleIds.contains(id);
  }

  private static Set<Long> ids(JsonNode field, String name) {
    Set<Long> ids = new HashSet<>();
    for (JsonNode id : field.path(name)) {
      try {
        ids.add(Long.parseUnsignedLong(id.asText()));
      } catch (NumberFormatException e) {
        throw invalid("allowed_mentions." + name + ": '" + id.asText() + "' is not a snowflake");
      }
    }
    if (ids.size() > MAX_IDS) {
      throw invalid("allowed_mentions." + name + " has " + ids.size() + " ids; at most " + MAX_IDS);
    }
    return ids;
  }

  private static DiscordError invalid(String detail) {
    return new DiscordError(400, 50035, "Invalid Form Body: " + detail);
  }
}
