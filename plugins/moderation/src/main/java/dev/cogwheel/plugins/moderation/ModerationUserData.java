package dev.cogwheel.plugins.moderation;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cog's part of {@code /mydata}: export lists the cases where the person is the member or the
 * moderator; forget deletes the cases about the member and removes the moderator's Pid from the cases
 * they handled, which stay as the work of "a forgotten moderator".
 */
final class ModerationUserData implements UserDataHook {

  private final CaseStore cases;

  ModerationUserData(CaseStore cases) {
    this.cases = cases;
  }

  @Override
  public List<UserDataRecord> export(Pid pid) {
    List<UserDataRecord> records = new ArrayList<>();
    cases.about(pid).forEach(c -> records.add(record(c, "member")));
    cases.handledBy(pid).forEach(c -> records.add(record(c, "moderator")));
    return records;
  }

  @Override
  public int delete(Pid pid) {
    int deleted = cases.deleteAbout(pid);
    for (Case moderated : cases.handledBy(pid)) {
      cases.update(moderated.withModerator(null));
      deleted++;
    }
    return deleted;
  }

  private static UserDataRecord record(Case c, String role) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("guild_id", Long.toString(c.guildId()));
    fields.put("case", Long.toString(c.number()));
    fields.put("role", role);
    fields.put("action", c.action().label());
    fields.put("reason", c.reason());
    fields.put("created_at", c.createdAt().toString());
    if (c.expiresAt() != null) {
      fields.put("expires_at", c.expiresAt().toString());
    }
    return new UserDataRecord("moderation_cases", fields);
  }
}
