package dev.cogwheel.storage.config;

import dev.cogwheel.storage.Pid;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a setting's value applies. Reading a setting for a scope falls back along
 * {@link #parent()}: channel and member to their guild, guild and user to global, global to the key's
 * default.
 */
public sealed interface ConfigScope
    permits ConfigScope.Global, ConfigScope.Guild, ConfigScope.Channel, ConfigScope.Member,
        ConfigScope.User {

  /** The kinds of scope. */
  enum Kind {
    /** The whole instance. */
    GLOBAL,
    /** One guild. */
    GUILD,
    /** One channel of a guild. */
    CHANNEL,
    /** One member of a guild. */
    MEMBER,
    /** One user across guilds. */
    USER
  }

  /**
   * The scope's kind.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * The next broader scope, which a read falls back to when nothing is set here.
   *
   * @return the parent, or empty for {@link Global}
   */
  Optional<ConfigScope> parent();

  /**
   * The whole instance.
   *
   * @return the global scope
   */
  static ConfigScope global() {
    return Global.INSTANCE;
  }

  /**
   * One guild.
   *
   * @param guildId the guild's Discord id
   * @return the scope
   */
  static ConfigScope guild(long guildId) {
    return new Guild(guildId);
  }

  /**
   * One channel of a guild.
   *
   * @param guildId the guild's Discord id
   * @param channelId the channel's Discord id
   * @return the scope
   */
  static ConfigScope channel(long guildId, long channelId) {
    return new Channel(guildId, channelId);
  }

  /**
   * One member of a guild.
   *
   * @param guildId the guild's Discord id
   * @param pid the member's Pid
   * @return the scope
   */
  static ConfigScope member(long guildId, Pid pid) {
    return new Member(guildId, pid);
  }

  /**
   * One user across guilds.
   *
   * @param pid the user's Pid
   * @return the scope
   */
  static ConfigScope user(Pid pid) {
    return new User(pid);
  }

  /** The whole instance. */
  record Global() implements ConfigScope {
    static final Global INSTANCE = new Global();

    @Override
    public Kind kind() {
      return Kind.GLOBAL;
    }

    @Override
    public Optional<ConfigScope> parent() {
      return Optional.empty();
    }
  }

  /**
   * One guild.
   *
   * @param guildId the guild's Discord id
   */
  record Guild(long guildId) implements ConfigScope {
    @Override
    public Kind kind() {
      return Kind.GUILD;
    }

    @Override
    public Optional<ConfigScope> parent() {
      return Optional.of(Global.INSTANCE);
    }
  }

  /**
   * One channel of a guild.
   *
   * @param guildId the guild's Discord id
   * @param channelId the channel's Discord id
   */
  record Channel(long guildId, long channelId) implements ConfigScope {
    @Override
    public Kind kind() {
      return Kind.CHANNEL;
    }

    @Override
    public Optional<ConfigScope> parent() {
      return Optional.of(new Guild(guildId));
    }
  }

  /**
   * One member of a guild.
   *
   * @param guildId the guild's Discord id
   * @param pid the member's Pid
   */
  record Member(long guildId, Pid pid) implements ConfigScope {
    /** Checks the Pid. */
    public Member {
      Objects.requireNonNull(pid, "pid");
    }

    @Override
    public Kind kind() {
      return Kind.MEMBER;
    }

    @Override
    public Optional<ConfigScope> parent() {
      return Optional.of(new Guild(guildId));
    }
  }

  /**
   * One user across guilds.
   *
   * @param pid the user's Pid
   */
  record User(Pid pid) implements ConfigScope {
    /** Checks the Pid. */
    public User {
      Objects.requireNonNull(pid, "pid");
    }

    @Override
    public Kind kind() {
      return Kind.USER;
    }

    @Override
    public Optional<ConfigScope> parent() {
      return Optional.of(Global.INSTANCE);
    }
  }
}
