package dev.cogwheel.localdiscord;

import net.dv8tion.jda.api.Permission;

/**
 * Computes a member's guild-wide permissions as Discord does before it applies a channel's
 * overwrites: the owner has every permission; anyone else has what {@code @everyone} and their
 * roles allow, and every permission if that includes Administrator. The server itself checks
 * nothing against them (JDA checks its own permissions); they go into interactions, OAuth2 guild
 * lists, and the check of a command's {@code default_member_permissions}.
 *
 * <p>It reads the world's records, so it is called under the world's lock (see {@link WorldState}).
 */
final class GuildPermissions {

  /** Every permission JDA knows: what an owner or administrator has. */
  static final long ALL = Permission.getRaw(Permission.values());

  private GuildPermissions() {}

  /** @return the member's permission bits in the guild */
  static long of(Model.Guild guild, Model.Member member) {
    if (member.userId == guild.ownerId) {
      return ALL;
    }
    long permissions = guild.roles.get(guild.id).permissions;
    for (long roleId : member.roles) {
      Model.Role role = guild.roles.get(roleId);
      if (role != null) {
        permissions |= role.permissions;
      }
    }
    return (permissions & Permission.ADMINISTRATOR.getRawValue()) != 0 ? ALL : permissions;
  }
}
