package dev.cogwheel.localdiscord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Owns who and what exists in the world: the users (the bot among them), the guilds with their
 * roles, channels and members as built from a {@link World}, and every channel by id, DM channels
 * included. It finds them by id, failing as Discord does ({@code Unknown User}, {@code Unknown
 * Guild}, ...), or by name. It sends no events: the parts that change guilds do.
 *
 * <p>Not thread-safe: guarded by the world's lock (see {@link WorldState}).
 */
final class Directory {

  private final Snowflakes ids;
  final Model.User bot;
  private final Map<Long, Model.User> users = new LinkedHashMap<>();
  private final Map<Long, Model.Guild> guilds = new LinkedHashMap<>();
  private final Map<Long, Model.Channel> channels = new HashMap<>();
  private final Map<Long, Model.Channel> dmByUser = new HashMap<>();

  Directory(Snowflakes ids, String botName) {
    this.ids = ids;
    this.bot = addUser(botName, true);
  }

  /** @return the bot's application id, which is its user id */
  long applicationId() {
    return bot.id;
  }

  // ---------------------------------------------------------------- users

  Model.User addUser(String name, boolean isBot) {
    if (users.values().stream().anyMatch(u -> u.name.equals(name))) {
      throw new LocalDiscordException("There is already a user named " + name);
    }
    Model.User user = new Model.User(ids.next(), name, isBot);
    users.put(user.id, user);
    return user;
  }

  Model.User user(long id) {
    Model.User user = users.get(id);
    if (user == null) {
      throw DiscordError.unknown("User", 10013);
    }
    return user;
  }

  Optional<Model.User> findUser(long id) {
    return Optional.ofNullable(users.get(id));
  }

  /** Finds a user by name, id or mention ({@code bob}, {@code @bob}, {@code <@id>}). */
  Optional<Model.User> findUser(String nameOrId) {
    String plain = nameOrId.startsWith("@") ? nameOrId.substring(1) : nameOrId;
    Matcher mention = Messages.USER_MENTION.matcher(plain);
    if (mention.matches()) {
      plain = mention.group(1);
    }
    for (Model.User user : users.values()) {
      if (user.name.equals(plain) || Json.id(user.id).equals(plain)) {
        return Optional.of(user);
      }
    }
    return Optional.empty();
  }

  Model.User userNamed(String name) {
    return findUser(name).orElseThrow(() -> new LocalDiscordException(
        "There is no user " + name + "; the users are: "
            + String.join(", ", users.values().stream().map(u -> u.name).toList())));
  }

  Set<String> userNames() {
    return new HashSet<>(users.values().stream().map(u -> u.name).toList());
  }

  // ---------------------------------------------------------------- guilds

  Model.Guild guild(long id) {
    Model.Guild guild = guilds.get(id);
    if (guild == null) {
      throw DiscordError.unknown("Guild", 10004);
    }
    return guild;
  }

  Optional<Model.Guild> findGuild(long id) {
    return Optional.ofNullable(guilds.get(id));
  }

  List<Model.Guild> guilds() {
    return List.copyOf(guilds.values());
  }

  static Model.Member member(Model.Guild guild, long userId) {
    Model.Member member = guild.members.get(userId);
    if (member == null) {
      throw DiscordError.unknown("Member", 10007);
    }
    return member;
  }

  static Model.Role role(Model.Guild guild, long roleId) {
    Model.Role role = guild.roles.get(roleId);
    if (role == null) {
      throw DiscordError.unknown("Role", 10011);
    }
    return role;
  }

  /** Builds a guild from its description, with the bot as a member, and adds it. */
  Model.Guild createGuild(World.GuildSpec spec) {
    Map<String, Model.User> byName = new HashMap<>();
    users.values().forEach(u -> byName.put(u.name, u));
    Model.Guild guild = new Model.Guild(ids.nextGuild(), spec.name());
    guild.roles.put(guild.id, new Model.Role(guild.id, "@everyone", spec.everyonePermissions(), 0));
    Map<String, Long> roleIds = new HashMap<>();
    int position = 1;
    List<World.RoleSpec> ordered = new ArrayList<>(spec.roles());
    ordered.sort((a, b) -> Boolean.compare(a.botRole(), b.botRole()));
    for (World.RoleSpec roleSpec : ordered) {
      Model.Role role = new Model.Role(ids.next(), roleSpec.name(), roleSpec.permissions(), position++);
      role.color = roleSpec.color();
      role.managed = roleSpec.botRole();
      guild.roles.put(role.id, role);
      roleIds.put(roleSpec.name(), role.id);
    }
    Map<String, Model.Channel> channelsByName = new HashMap<>();
    int channelPosition = 0;
    for (World.ChannelSpec channelSpec : spec.channels()) {
      Model.Channel channel = new Model.Channel(
          ids.next(), guild.id, channelSpec.kind().type(), channelSpec.name());
      channel.position = channelPosition++;
      if (channelSpec.category() != null) {
        channel.parentId = channelsByName.get(channelSpec.category()).id;
      }
      channelsByName.put(channelSpec.name(), channel);
      addChannel(guild, channel);
    }
    Model.Member botMember = new Model.Member(bot.id, Instant.now());
    spec.roles().stream().filter(World.RoleSpec::botRole)
        .forEach(r -> botMember.roles.add(roleIds.get(r.name())));
    guild.members.put(bot.id, botMember);
    for (World.MemberSpec memberSpec : spec.members()) {
      Model.User user = byName.get(memberSpec.user());
      if (user == null) {
        throw new LocalDiscordException(
            "guild " + spec.name() + ": member " + memberSpec.user() + " is not a user");
      }
      Model.Member member = new Model.Member(user.id, Instant.now());
      memberSpec.roles().forEach(r -> member.roles.add(roleIds.get(r)));
      guild.members.put(user.id, member);
    }
    spec.voice().forEach((username, channelName) -> {
      Model.Member member = guild.members.get(byName.get(username).id);
      member.voiceChannelId = channelsByName.get(channelName).id;
      member.voiceSessionId = VoiceStates.newSessionId();
    });
    guild.ownerId = spec.owner() == null ? bot.id : byName.get(spec.owner()).id;
    guilds.put(guild.id, guild);
    return guild;
  }

  /** Forgets a guild and its channels. */
  void removeGuild(Model.Guild guild) {
    guild.channels.keySet().forEach(channels::remove);
    guilds.remove(guild.id);
  }

  // ---------------------------------------------------------------- channels

  Model.Channel channel(long id) {
    Model.Channel channel = channels.get(id);
    if (channel == null) {
      throw DiscordError.unknown("Channel", 10003);
    }
    return channel;
  }

  void addChannel(Model.Guild guild, Model.Channel channel) {
    guild.channels.put(channel.id, channel);
    channels.put(channel.id, channel);
  }

  void removeChannel(Model.Guild guild, Model.Channel channel) {
    guild.channels.remove(channel.id);
    channels.remove(channel.id);
  }

  /** The user's DM channel with the bot, made the first time it is asked for. */
  Model.Channel dmChannel(long userId) {
    user(userId);
    return dmByUser.computeIfAbsent(userId, id -> {
      Model.Channel channel = new Model.Channel(ids.next(), 0, 1, "");
      channel.recipientId = id;
      channels.put(channel.id, channel);
      return channel;
    });
  }

  /** @return how a user reads the channel's name: {@code #general}, or {@code the DM with bob} */
  String describe(Model.Channel channel) {
    return channel.type == 1 ? "the DM with " + users.get(channel.recipientId).name : "#" + channel.name;
  }
}
