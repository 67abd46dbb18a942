package dev.cogwheel.plugins.tempvc;

import dev.cogwheel.storage.Pid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import net.dv8tion.jda.api.utils.data.DataObject;

/**
 * A temporary voice channel as kept in State storage under {@code vc/<guild>/<channel>}: its owner
 * as a Pid (none after the owner asked {@code /mydata forget}, until a member takes it over), the
 * hub it was made from and when.
 *
 * @param guildId the guild
 * @param channelId the voice channel
 * @param hubId the hub channel the owner joined
 * @param owner the owner's Pid, or null when the channel has no owner
 * @param createdAt when the channel was created
 */
record TempChannel(long guildId, long channelId, long hubId, Pid owner, Instant createdAt) {

  TempChannel {
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The State key prefix of a guild's channels. */
  static String guildPrefix(long guildId) {
    return "vc/" + guildId + "/";
  }

  /** The State key of a channel. */
  static String key(long guildId, long channelId) {
    return guildPrefix(guildId) + channelId;
  }

  String key() {
    return key(guildId, channelId);
  }

  Optional<Pid> findOwner() {
    return Optional.ofNullable(owner);
  }

  boolean isOwnedBy(Pid pid) {
    return pid.equals(owner);
  }

  TempChannel withOwner(Pid newOwner) {
    return new TempChannel(guildId, channelId, hubId, newOwner, createdAt);
  }

  /** The stored value: JSON with the owner's Pid, the hub and the creation time. */
  String toJson() {
    DataObject json = DataObject.empty().put("hub", Long.toString(hubId)).put("createdAt", createdAt.toString());
    return (owner == null ? json.putNull("owner") : json.put("owner", owner.value())).toString();
  }

  /**
   * Reads a stored value back.
   *
   * @param key its State key, {@code vc/<guild>/<channel>}
   * @param json its value
   * @throws IllegalArgumentException if the key or the value is not one this cog writes
   */
  static TempChannel fromJson(String key, String json) {
    String[] parts = key.split("/");
    if (parts.length != 3 || !parts[0].equals("vc")) {
      throw new IllegalArgumentException("not a tempvc channel key: " + key);
    }
    DataObject data = DataObject.fromJson(json);
    String owner = data.getString("owner", null);
    return new TempChannel(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(data.getString("hub")),
        owner == null ? null : new Pid(owner), Instant.parse(data.getString("createdAt")));
  }
}
