package dev.cogwheel.localdiscord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import net.dv8tion.jda.api.Permission;

/**
 * The starting state of a {@link LocalDiscord}: the bot, the users, and the guilds with their
 * channels, roles and members. A world is an immutable description; the server builds its live
 * state from it, and that state then changes with what the bot and the driven users do.
 *
 * <p>Everything is named, not numbered: users by username, channels and roles by name within their
 * guild. The server gives each thing a snowflake when it starts.
 *
 * <pre>{@code
 * World world = World.builder()
 *     .bot("cogwheel")
 *     .users("alice", "bob")
 *     .guild("Test", g -> g.owner("alice")
 *         .role("Admin", Permissions.ADMINISTRATOR)
 *         .textChannel("general")
 *         .category("Voice").voiceChannel("Lobby", "Voice")
 *         .member("alice", "Admin").member("bob"))
 *     .build();
 * }</pre>
 */
public final class World {

  /** The token of the default world's bot; any token without spaces is accepted by JDA. */
  public static final String DEFAULT_TOKEN = "local-discord-bot-token";

  private final String botName;
  private final String token;
  private final List<String> users;
  private final List<GuildSpec> guilds;

  private World(Builder builder) {
    this.botName = builder.botName;
    this.token = builder.token;
    this.users = List.copyOf(builder.users);
    this.guilds = List.copyOf(builder.guilds);
  }

  /**
   * The world that {@code cogwheel run --local} starts with: the bot {@code cogwheel}; the users
   * {@code alice} (the guild's owner, role Admin), {@code bob} and {@code carol} (role Member); one
   * guild {@code Cogwheel Local} with the text channels {@code general} and {@code bot}, a category
   * {@code Voice} holding the hub voice channel {@code Lobby} and the voice channel {@code Lounge},
   * and the roles Admin, Member and the bot's own role {@code Cogwheel} (Administrator, highest).
   *
   * @return the default world
   */
  public static World defaultWorld() {
    return builder()
        .bot("cogwheel")
        .users("alice", "bob", "carol")
        .guild(
            "Cogwheel Local",
            g -> g.owner("alice")
                .role("Admin", Permissions.ADMINISTRATOR)
                .role("Member", Permissions.DEFAULT_EVERYONE)
                .botRole("Cogwheel", Permissions.ADMINISTRATOR)
                .textChannel("general")
                .textChannel("bot")
                .category("Voice")
                .voiceChannel("Lobby", "Voice")
                .voiceChannel("Lounge", "Voice")
                .member("alice", "Admin")
                .member("bob", "Member")
                .member("carol", "Member"))
        .build();
  }

  /**
   * Starts an empty world description.
   *
   * @return a builder with the bot {@code cogwheel} and the token {@link #DEFAULT_TOKEN}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Describes a guild on its own, for {@link LocalDiscord#addBotToGuild(GuildSpec)}.
   *
   * @param name the guild's name
   * @param spec fills in the guild's channels, roles and members
   * @return the guild's description
   */
  public static GuildSpec guild(String name, Consumer<GuildBuilder> spec) {
    GuildBuilder builder = new GuildBuilder(name);
    spec.accept(builder);
    return builder.build();
  }

  /** @return the bot's username */
  public String botName() {
    return botName;
  }

  /** @return the token the bot must log in with */
  public String token() {
    return token;
  }

  /** @return the usernames of the (human) users, in declaration order */
  public List<String> users() {
    return users;
  }

  /** @return the guilds the bot is in when the server starts */
  public List<GuildSpec> guilds() {
    return guilds;
  }

  /** Builds a {@link World}. Not thread-safe. */
  public static final class Builder {
    private String botName = "cogwheel";
    private String token = DEFAULT_TOKEN;
    private final Set<String> users = new LinkedHashSet<>();
    private final List<GuildSpec> guilds = new ArrayList<>();

    private Builder() {}

    /**
     * Names the bot.
     *
     * @param username the bot's username
     * @return this builder
     */
    public Builder bot(String username) {
      this.botName = requireName(username, "bot username");
      return this;
    }

    /**
     * Sets the token the bot must present.
     *
     * @param token a token without spaces
     * @return this builder
     */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank() || token.contains(" ")) {
        throw new IllegalArgumentException("token must be non-empty and without spaces");
      }
      this.token = token;
      return this;
    }

    /**
     * Adds users.
     *
     * @param usernames their usernames, unique
     * @return this builder
     */
    public Builder users(String... usernames) {
      for (String username : usernames) {
        if (!users.add(requireName(username, "username"))) {
          throw new IllegalArgumentException("user " + username + " is declared twice");
        }
      }
      return this;
    }

    /**
     * Adds a guild the bot is in from the start.
     *
     * @param name the guild's name
     * @param spec fills in the guild's channels, roles and members
     * @return this builder
     */
    public Builder guild(String name, Consumer<GuildBuilder> spec) {
      guilds.add(World.guild(name, spec));
      return this;
    }

    /**
     * Builds the world, checking that every member, owner and voice state names a declared user
     * and channel.
     *
     * @return the world
     * @throws IllegalArgumentException naming what is undeclared
     */
    public World build() {
      for (GuildSpec guild : guilds) {
        guild.checkUsers(users, botName);
      }
      return new World(this);
    }
  }

  /** The kind of a guild channel. */
  public enum ChannelKind {
    /** A text channel (Discord channel type 0). */
    TEXT(0),
    /** A voice channel (type 2). */
    VOICE(2),
    /** A category (type 4). */
    CATEGORY(4);

    private final int type;

    ChannelKind(int type) {
      this.type = type;
    }

    /** @return Discord's channel type number */
    public int type() {
      return type;
    }
  }

  /**
   * A role of a guild.
   *
   * @param name its name
   * @param permissions its permission bits (see {@link Permissions})
   * @param color its colour as RGB, 0 for none
   * @param botRole whether the bot holds it (such roles are placed above all others)
   */
  public record RoleSpec(String name, long permissions, int color, boolean botRole) {
    /** Checks the arguments. */
    public RoleSpec {
      requireName(name, "role name");
    }
  }

  /**
   * A channel of a guild.
   *
   * @param name its name
   * @param kind text, voice or category
   * @param category the name of its category, or null
   */
  public record ChannelSpec(String name, ChannelKind kind, String category) {
    /** Checks the arguments. */
    public ChannelSpec {
      requireName(name, "channel name");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * A member of a guild.
   *
   * @param user the username
   * @param roles the names of the member's roles (besides {@code @everyone})
   */
  public record MemberSpec(String user, List<String> roles) {
    /** Checks the arguments. */
    public MemberSpec {
      requireName(user, "member");
      roles = List.copyOf(roles);
    }
  }

  /**
   * A guild's description: build one with {@link World#guild(String, Consumer)}.
   *
   * @param name the guild's name
   * @param owner the owner's username, or null for the bot
   * @param roles its roles besides {@code @everyone}, lowest first
   * @param everyonePermissions the permissions of {@code @everyone}
   * @param channels its channels, in position order
   * @param members its members besides the bot
   * @param voice who is in which voice channel at the start: username to channel name
   */
  public record GuildSpec(
      String name,
      String owner,
      List<RoleSpec> roles,
      long everyonePermissions,
      List<ChannelSpec> channels,
      List<MemberSpec> members,
      Map<String, String> voice) {
    /** Checks the arguments. */
    public GuildSpec {
      requireName(name, "guild name");
      roles = List.copyOf(roles);
      channels = List.copyOf(channels);
      members = List.copyOf(members);
      voice = Map.copyOf(voice);
    }

    void checkUsers(Set<String> users, String botName) {
      for (MemberSpec member : members) {
        if (!users.contains(member.user())) {
          throw new IllegalArgumentException(
              "guild " + name + ": member " + member.user() + " is not a declared user");
        }
        for (String role : member.roles()) {
          if (roles.stream().noneMatch(r -> r.name().equals(role))) {
            throw new IllegalArgumentException(
                "guild " + name + ": member " + member.user() + " has undeclared role " + role);
          }
        }
      }
      if (owner != null && members.stream().noneMatch(m -> m.user().equals(owner))) {
        throw new IllegalArgumentException("guild " + name + ": owner " + owner + " is not a member");
      }
      voice.forEach(
          (user, channel) -> {
            if (members.stream().noneMatch(m -> m.user().equals(user)) && !user.equals(botName)) {
              throw new IllegalArgumentException(
                  "guild " + name + ": " + user + " is in voice but not a member");
            }
            if (channels.stream()
                .noneMatch(c -> c.name().equals(channel) && c.kind() == ChannelKind.VOICE)) {
              throw new IllegalArgumentException(
                  "guild " + name + ": " + channel + " is not a voice channel of the guild");
            }
          });
    }
  }

  /** Fills in a {@link GuildSpec}. Not thread-safe. */
  public static final class GuildBuilder {
    private final String name;
    private String owner;
    private long everyonePermissions = Permissions.DEFAULT_EVERYONE;
    private final List<RoleSpec> roles = new ArrayList<>();
    private final List<ChannelSpec> channels = new ArrayList<>();
    private final Map<String, MemberSpec> members = new LinkedHashMap<>();
    private final Map<String, String> voice = new LinkedHashMap<>();

    private GuildBuilder(String name) {
      this.name = requireName(name, "guild name");
    }

    /**
     * Sets the owner; without one the bot owns the guild.
     *
     * @param username a member's username
     * @return this builder
     */
    public GuildBuilder owner(String username) {
      this.owner = requireName(username, "owner");
      return this;
    }

    /**
     * Sets the permissions of {@code @everyone}.
     *
     * @param permissions permission bits
     * @return this builder
     */
    public GuildBuilder everyonePermissions(long permissions) {
      this.everyonePermissions = permissions;
      return this;
    }

    /**
     * Adds a role; later roles are higher in the hierarchy.
     *
     * @param roleName its name
     * @param permissions its permission bits
     * @return this builder
     */
    public GuildBuilder role(String roleName, long permissions) {
      roles.add(new RoleSpec(roleName, permissions, 0, false));
      return this;
    }

    /**
     * Adds a role the bot holds, above every other role.
     *
     * @param roleName its name
     * @param permissions its permission bits
     * @return this builder
     */
    public GuildBuilder botRole(String roleName, long permissions) {
      roles.add(new RoleSpec(roleName, permissions, 0, true));
      return this;
    }

    /**
     * Adds a text channel outside any category.
     *
     * @param channelName its name
     * @return this builder
     */
    public GuildBuilder textChannel(String channelName) {
      return textChannel(channelName, null);
    }

    /**
     * Adds a text channel.
     *
     * @param channelName its name
     * @param category its category's name, or null
     * @return this builder
     */
    public GuildBuilder textChannel(String channelName, String category) {
      return channel(new ChannelSpec(channelName, ChannelKind.TEXT, category));
    }

    /**
     * Adds a voice channel.
     *
     * @param channelName its name
     * @param category its category's name, or null
     * @return this builder
     */
    public GuildBuilder voiceChannel(String channelName, String category) {
      return channel(new ChannelSpec(channelName, ChannelKind.VOICE, category));
    }

    /**
     * Adds a category.
     *
     * @param categoryName its name
     * @return this builder
     */
    public GuildBuilder category(String categoryName) {
      return channel(new ChannelSpec(categoryName, ChannelKind.CATEGORY, null));
    }

    private GuildBuilder channel(ChannelSpec channel) {
      if (channel.category() != null
          && channels.stream()
              .noneMatch(
                  c -> c.kind() == ChannelKind.CATEGORY && c.name().equals(channel.category()))) {
        throw new IllegalArgumentException(
            "guild " + name + ": category " + channel.category() + " must be declared before "
                + channel.name());
      }
      channels.add(channel);
      return this;
    }

    /**
     * Adds a member.
     *
     * @param username a declared user's username
     * @param roleNames names of declared roles
     * @return this builder
     */
    public GuildBuilder member(String username, String... roleNames) {
      if (members.put(username, new MemberSpec(username, List.of(roleNames))) != null) {
        throw new IllegalArgumentException("guild " + name + ": member " + username + " twice");
      }
      return this;
    }

    /**
     * Puts a member in a voice channel from the start.
     *
     * @param username the member's username
     * @param voiceChannel the voice channel's name
     * @return this builder
     */
    public GuildBuilder inVoice(String username, String voiceChannel) {
      voice.put(requireName(username, "username"), requireName(voiceChannel, "voice channel"));
      return this;
    }

    GuildSpec build() {
      return new GuildSpec(
          name,
          owner,
          roles,
          everyonePermissions,
          channels,
          List.copyOf(members.values()),
          voice);
    }
  }

  /**
   * Permission bits for {@link GuildBuilder#role(String, long)}, as JDA's {@link Permission} gives
   * them ({@link Permission#getRawValue()}, {@link Permission#getRaw(Permission...)}); any other
   * permissions are combined the same way.
   */
  public static final class Permissions {
    /** Administrator: every permission, every channel. */
    public static final long ADMINISTRATOR = Permission.ADMINISTRATOR.getRawValue();
    /** Manage channels. */
    public static final long MANAGE_CHANNELS = Permission.MANAGE_CHANNEL.getRawValue();
    /** View channels. */
    public static final long VIEW_CHANNEL = Permission.VIEW_CHANNEL.getRawValue();
    /** Send messages. */
    public static final long SEND_MESSAGES = Permission.MESSAGE_SEND.getRawValue();
    /** Connect to voice. */
    public static final long CONNECT = Permission.VOICE_CONNECT.getRawValue();
    /** Move members between voice channels. */
    public static final long MOVE_MEMBERS = Permission.VOICE_MOVE_OTHERS.getRawValue();
    /** Manage roles. */
    public static final long MANAGE_ROLES = Permission.MANAGE_ROLES.getRawValue();
    /** Time out members. */
    public static final long MODERATE_MEMBERS = Permission.MODERATE_MEMBERS.getRawValue();

    /**
     * What {@code @everyone} may do in a new Discord guild: view, send, embed, attach, react, read
     * history, connect, speak, use application commands and voice activity.
     */
    public static final long DEFAULT_EVERYONE = Permission.getRaw(
        Permission.VIEW_CHANNEL,
        Permission.MESSAGE_SEND,
        Permission.MESSAGE_ADD_REACTION,
        Permission.MESSAGE_EMBED_LINKS,
        Permission.MESSAGE_ATTACH_FILES,
        Permission.MESSAGE_HISTORY,
        Permission.VOICE_CONNECT,
        Permission.VOICE_SPEAK,
        Permission.VOICE_USE_VAD,
        Permission.USE_APPLICATION_COMMANDS);

    private Permissions() {}
  }

  static String requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return name;
  }
}
