package dev.cogwheel.storage.postgres.config;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;

/** How a {@link ConfigScope} is written in {@code cogwheel_config}: a kind and a canonical id. */
final class ScopeCodec {

  private ScopeCodec() {}

  static String kind(ConfigScope scope) {
    return scope.kind().name();
  }

  static String id(ConfigScope scope) {
    if (scope instanceof ConfigScope.Global) {
      return "";
    } else if (scope instanceof ConfigScope.Guild g) {
      return Long.toString(g.guildId());
    } else if (scope instanceof ConfigScope.Channel c) {
      return c.guildId() + "/" + c.channelId();
    } else if (scope instanceof ConfigScope.Member m) {
      return m.guildId() + "/" + m.pid().value();
    } else {
      return ((ConfigScope.User) scope).pid().value();
    }
  }

  static Long guildId(ConfigScope scope) {
    if (scope instanceof ConfigScope.Guild g) {
      return g.guildId();
    } else if (scope instanceof ConfigScope.Channel c) {
      return c.guildId();
    } else if (scope instanceof ConfigScope.Member m) {
      return m.guildId();
    }
    return null;
  }

  static String pid(ConfigScope scope) {
    if (scope instanceof ConfigScope.Member m) {
      return m.pid().value();
    } else if (scope instanceof ConfigScope.User u) {
      return u.pid().value();
    }
    return null;
  }

  static ConfigScope decode(String kind, String id) {
    switch (ConfigScope.Kind.valueOf(kind)) {
      case GLOBAL:
        return ConfigScope.global();
      case GUILD:
        return ConfigScope.guild(Long.parseLong(id));
      case CHANNEL: {
        int slash = id.indexOf('/');
        return ConfigScope.channel(Long.parseLong(id.substring(0, slash)), Long.parseLong(id.substring(slash + 1)));
      }
      case MEMBER: {
        int slash = id.indexOf('/');
        return ConfigScope.member(Long.parseLong(id.substring(0, slash)), new Pid(id.substring(slash + 1)));
      }
      default:
        return ConfigScope.user(new Pid(id));
    }
  }
}
