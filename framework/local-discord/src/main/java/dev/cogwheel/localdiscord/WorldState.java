package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live state of a local Discord: users, guilds, channels, members, messages, commands and
 * interactions, and every change to it. All access holds this object's monitor, so a REST call,
 * a driven user action and a gateway IDENTIFY each see and change one consistent state; every
 * change ends with {@link #changed()}, which wakes the waiters whose condition now holds.
 */
final class WorldState {

  /** Every permission bit Discord defines today, what an administrator or owner has. */
  static final long ALL_PERMISSIONS = (1L << 51) - 1;

  private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
  private static final Pattern ROLE_MENTION = Pattern.compile("<@&(\\d+)>");

  final Snowflakes ids = new Snowflakes();
  final ActionLog actions;
  private final History history;
  final String token;
  final Model.User bot;
  private final Map<Long, Model.User> users = new LinkedHashMap<>();
  private final Map<Long, Model.Guild> guilds = new LinkedHashMap<>();
  private final Map<Long, Model.Channel> channels = new HashMap<>();
  private final Map<Long, Model.Channel> dmByUser = new HashMap<>();
  private final Map<Long, Model.Command> globalCommands = new LinkedHashMap<>();
  private final Map<Long, Map<Long, Model.Command>> guildCommands = new HashMap<>();
  /** Oldest first: they expire in that order. */
  private final Map<Long, Model.Interaction> interactions = new LinkedHashMap<>();
  private final Map<String, Model.Interaction> interactionsByToken = new HashMap<>();
  /** Interactions whose modal the user already submitted (Discord closes a modal once submitted). */
  private final Set<Long> submittedModals = new HashSet<>();

  /** How often a waiter evaluates its probe itself, besides after every change. */
  static final Duration RECHECK = Duration.ofMillis(50);

  private final List<Waiter<?>> waiters = new ArrayList<>();
  private Gateway gateway;

  WorldState(World world, History history) {
    this.history = history;
    this.actions = new ActionLog(history.actions());
    this.token = world.token();
    this.bot = addUser(world.botName(), true);
    for (String name : world.users()) {
      addUser(name, false);
    }
    for (World.GuildSpec spec : world.guilds()) {
      createGuild(spec);
    }
  }

  synchronized void attach(Gateway gateway) {
    this.gateway = gateway;
  }

  long applicationId() {
    return bot.id;
  }

  // ---------------------------------------------------------------- lookups

  synchronized Model.User addUser(String name, boolean isBot) {
    if (users.values().stream().anyMatch(u -> u.name.equals(name))) {
      throw new LocalDiscordException("There is already a user named " + name);
    }
    Model.User user = new Model.User(ids.next(), name, isBot);
    users.put(user.id, user);
    return user;
  }

  synchronized Model.User user(long id) {
    Model.User user = users.get(id);
    if (user == null) {
      throw DiscordError.unknown("User", 10013);
    }
    return user;
  }

  synchronized Optional<Model.User> findUser(String nameOrId) {
    String plain = nameOrId.startsWith("@") ? nameOrId.substring(1) : nameOrId;
    Matcher mention = USER_MENTION.matcher(plain);
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

  synchronized Model.User userNamed(String name) {
    return findUser(name).orElseThrow(() -> new LocalDiscordException(
        "There is no user " + name + "; the users are: "
            + String.join(", ", users.values().stream().map(u -> u.name).toList())));
  }

  synchronized Model.Guild guild(long id) {
    Model.Guild guild = guilds.get(id);
    if (guild == null) {
      throw DiscordError.unknown("Guild", 10004);
    }
    return guild;
  }

  synchronized List<Model.Guild> guilds() {
    return List.copyOf(guilds.values());
  }

  synchronized Model.Channel channel(long id) {
    Model.Channel channel = channels.get(id);
    if (channel == null) {
      throw DiscordError.unknown("Channel", 10003);
    }
    return channel;
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

  static Model.Message message(Model.Channel channel, long messageId) {
    Model.Message message = channel.messages.get(messageId);
    if (message == null || message.deleted) {
      throw DiscordError.unknown("Message", 10008);
    }
    return message;
  }

  synchronized long permissionsOf(Model.Guild guild, Model.Member member) {
    if (member.userId == guild.ownerId) {
      return ALL_PERMISSIONS;
    }
    long permissions = guild.roles.get(guild.id).permissions;
    for (long roleId : member.roles) {
      Model.Role role = guild.roles.get(roleId);
      if (role != null) {
        permissions |= role.permissions;
      }
    }
    return (permissions & World.Permissions.ADMINISTRATOR) != 0 ? ALL_PERMISSIONS : permissions;
  }

  // ---------------------------------------------------------------- guild setup

  synchronized Model.Guild createGuild(World.GuildSpec spec) {
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
      guild.channels.put(channel.id, channel);
      channels.put(channel.id, channel);
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
      member.voiceSessionId = UUID.randomUUID().toString().replace("-", "");
    });
    guild.ownerId = spec.owner() == null ? bot.id : byName.get(spec.owner()).id;
    guilds.put(guild.id, guild);
    return guild;
  }

  // ---------------------------------------------------------------- payloads

  ObjectNode userJson(Model.User user) {
    ObjectNode json = Json.object()
        .put("id", Json.id(user.id))
        .put("username", user.name)
        .put("discriminator", "0")
        .put("public_flags", 0)
        .put("bot", user.bot);
    json.putNull("global_name");
    json.putNull("avatar");
    return json;
  }

  ObjectNode memberJson(Model.Guild guild, Model.Member member, boolean withUser) {
    ObjectNode json = Json.object();
    if (withUser) {
      json.set("user", userJson(users.get(member.userId)));
    }
    if (member.nick == null) {
      json.putNull("nick");
    } else {
      json.put("nick", member.nick);
    }
    ArrayNode roles = json.putArray("roles");
    member.roles.forEach(r -> roles.add(Json.id(r)));
    json.put("joined_at", Json.time(member.joinedAt));
    json.putNull("premium_since");
    json.putNull("avatar");
    json.put("deaf", member.deaf);
    json.put("mute", member.mute);
    json.put("pending", false);
    json.put("flags", 0);
    json.set("communication_disabled_until", Json.timeOrNull(member.timeoutUntil));
    return json;
  }

  ObjectNode roleJson(Model.Role role) {
    ObjectNode json = Json.object()
        .put("id", Json.id(role.id))
        .put("name", role.name)
        .put("color", role.color)
        .put("position", role.position)
        .put("permissions", Long.toString(role.permissions))
        .put("managed", role.managed)
        .put("hoist", role.hoist)
        .put("mentionable", role.mentionable)
        .put("flags", 0);
    json.putObject("colors").put("primary_color", role.color);
    json.putNull("icon");
    json.putNull("unicode_emoji");
    return json;
  }

  ObjectNode channelJson(Model.Channel channel) {
    ObjectNode json = Json.object()
        .put("id", Json.id(channel.id))
        .put("type", channel.type)
        .put("flags", 0);
    if (channel.lastMessageId == 0) {
      json.putNull("last_message_id");
    } else {
      json.put("last_message_id", Json.id(channel.lastMessageId));
    }
    if (channel.type == 1) {
      json.putArray("recipients").add(userJson(users.get(channel.recipientId)));
      return json;
    }
    json.put("guild_id", Json.id(channel.guildId))
        .put("name", channel.name)
        .put("position", channel.position)
        .put("nsfw", channel.nsfw);
    if (channel.parentId == 0) {
      json.putNull("parent_id");
    } else {
      json.put("parent_id", Json.id(channel.parentId));
    }
    json.set("permission_overwrites", channel.overwrites.deepCopy());
    if (channel.type == 0) {
      json.put("rate_limit_per_user", channel.rateLimitPerUser);
      if (channel.topic == null) {
        json.putNull("topic");
      } else {
        json.put("topic", channel.topic);
      }
    } else if (channel.isVoice()) {
      json.put("bitrate", channel.bitrate)
          .put("user_limit", channel.userLimit)
          .put("rate_limit_per_user", channel.rateLimitPerUser);
      json.putNull("rtc_region");
    }
    return json;
  }

  ObjectNode voiceStateJson(Model.Guild guild, Model.Member member) {
    ObjectNode json = Json.object()
        .put("guild_id", Json.id(guild.id))
        .put("user_id", Json.id(member.userId));
    if (member.voiceChannelId == 0) {
      json.putNull("channel_id");
    } else {
      json.put("channel_id", Json.id(member.voiceChannelId));
    }
    json.set("member", memberJson(guild, member, true));
    json.put("session_id", member.voiceSessionId == null ? "" : member.voiceSessionId)
        .put("deaf", member.deaf)
        .put("mute", member.mute)
        .put("self_deaf", false)
        .put("self_mute", false)
        .put("self_video", false)
        .put("self_stream", false)
        .put("suppress", false);
    json.putNull("request_to_speak_timestamp");
    return json;
  }

  synchronized ObjectNode guildCreateJson(Model.Guild guild) {
    ObjectNode json = Json.object()
        .put("id", Json.id(guild.id))
        .put("name", guild.name)
        .put("owner_id", Json.id(guild.ownerId))
        .put("unavailable", false)
        .put("large", false)
        .put("member_count", guild.members.size())
        .put("afk_timeout", 300)
        .put("verification_level", 0)
        .put("default_message_notifications", 0)
        .put("explicit_content_filter", 0)
        .put("mfa_level", 0)
        .put("nsfw_level", 0)
        .put("premium_tier", 0)
        .put("premium_subscription_count", 0)
        .put("premium_progress_bar_enabled", false)
        .put("system_channel_flags", 0)
        .put("preferred_locale", "en-US")
        .put("joined_at", Json.time(guild.members.get(bot.id).joinedAt));
    json.putNull("icon");
    json.putNull("splash");
    json.putNull("banner");
    json.putNull("description");
    json.putNull("afk_channel_id");
    json.putNull("system_channel_id");
    json.putArray("features");
    ArrayNode roles = json.putArray("roles");
    guild.roles.values().forEach(r -> roles.add(roleJson(r)));
    ArrayNode channelArray = json.putArray("channels");
    guild.channels.values().forEach(c -> channelArray.add(channelJson(c)));
    ArrayNode members = json.putArray("members");
    ArrayNode voiceStates = json.putArray("voice_states");
    for (Model.Member member : guild.members.values()) {
      members.add(memberJson(guild, member, true));
      if (member.voiceChannelId != 0) {
        ObjectNode state = voiceStateJson(guild, member);
        state.remove("guild_id");
        state.remove("member");
        voiceStates.add(state);
      }
    }
    for (String empty :
        List.of("threads", "emojis", "stickers", "presences", "stage_instances",
            "guild_scheduled_events", "soundboard_sounds")) {
      json.putArray(empty);
    }
    return json;
  }

  synchronized ObjectNode readyJson(Gateway.BotSession session, String resumeUrl) {
    ObjectNode json = Json.object().put("v", 10);
    json.set("user", userJson(bot).put("verified", true).put("mfa_enabled", false));
    ArrayNode guildStubs = json.putArray("guilds");
    for (Model.Guild guild : guilds.values()) {
      if (session.covers(guild.id)) {
        guildStubs.add(Json.object().put("id", Json.id(guild.id)).put("unavailable", true));
      }
    }
    json.put("session_id", session.id)
        .put("resume_gateway_url", resumeUrl)
        .put("session_type", "normal");
    json.putArray("shard").add(session.shardId).add(session.shardCount);
    json.putObject("application").put("id", Json.id(applicationId())).put("flags", 0);
    json.putArray("private_channels");
    json.putArray("relationships");
    json.putArray("presences");
    json.putArray("guild_join_requests");
    json.putArray("geo_ordered_rtc_regions");
    json.putObject("user_settings");
    json.putArray("_trace").add("local-discord");
    return json;
  }

  private ObjectNode messageJson(
      long id, Model.Channel channel, Model.User author, JsonNode body, int type) {
    ObjectNode json = Json.object()
        .put("id", Json.id(id))
        .put("channel_id", Json.id(channel.id))
        .put("type", type);
    if (channel.guildId != 0) {
      json.put("guild_id", Json.id(channel.guildId));
    }
    json.set("author", userJson(author));
    applyContent(json, body, true);
    json.put("timestamp", Json.time(Instant.now()));
    json.putNull("edited_timestamp");
    json.put("tts", body.path("tts").asBoolean(false))
        .put("mention_everyone", false)
        .put("pinned", false);
    json.putArray("attachments");
    if (body.has("message_reference") && body.get("message_reference").isObject()) {
      ObjectNode reference = Json.object().put("type", 0);
      reference.set("message_id", body.get("message_reference").path("message_id"));
      reference.put("channel_id", Json.id(channel.id));
      if (channel.guildId != 0) {
        reference.put("guild_id", Json.id(channel.guildId));
      }
      json.set("message_reference", reference);
    }
    return json;
  }

  /** Copies the content parts of a create or edit body into a message, recomputing mentions. */
  private void applyContent(ObjectNode message, JsonNode body, boolean creating) {
    if (body.has("content") || creating) {
      message.put("content", body.path("content").asText(""));
    }
    for (String part : List.of("embeds", "components")) {
      if (body.has(part) && !body.get(part).isNull()) {
        message.set(part, body.get(part).deepCopy());
      } else if (creating) {
        message.putArray(part);
      }
    }
    // Discord gives an embed a bot sends the type "rich"; JDA drops an embed without a type.
    message.path("embeds").forEach(embed -> {
      if (embed.isObject() && !embed.has("type")) {
        ((ObjectNode) embed).put("type", "rich");
      }
    });
    if (body.has("flags") || creating) {
      int kept = message.path("flags").asInt(0) & LocalMessage.EPHEMERAL;
      message.put("flags", (body.path("flags").asInt(0) & ~LocalMessage.LOADING) | kept);
    }
    String content = message.path("content").asText("");
    ArrayNode mentions = message.putArray("mentions");
    Matcher users = USER_MENTION.matcher(content);
    while (users.find()) {
      Model.User user = this.users.get(Long.parseUnsignedLong(users.group(1)));
      if (user != null) {
        mentions.add(userJson(user));
      }
    }
    ArrayNode roleMentions = message.putArray("mention_roles");
    Matcher roles = ROLE_MENTION.matcher(content);
    while (roles.find()) {
      roleMentions.add(roles.group(1));
    }
  }

  private ObjectNode gatewayMessage(Model.Channel channel, ObjectNode message) {
    ObjectNode json = message.deepCopy();
    if (channel.guildId != 0) {
      Model.Guild guild = guilds.get(channel.guildId);
      Model.Member member = guild == null ? null : guild.members.get(Json.snowflake(json.get("author"), "id"));
      if (member != null) {
        json.set("member", memberJson(guild, member, false));
      }
    }
    return json;
  }

  private void dispatchMessage(String type, Model.Channel channel, Model.Message message) {
    if (message.ephemeral) {
      return;
    }
    int intent = channel.guildId == 0 ? Gateway.DIRECT_MESSAGES : Gateway.GUILD_MESSAGES;
    boolean gated = channel.guildId != 0 && !mentionsBot(message.json);
    gateway.dispatch(type, channel.guildId, intent, gatewayMessage(channel, message.json), gated);
  }

  private boolean mentionsBot(ObjectNode message) {
    if (Json.snowflake(message.get("author"), "id") == bot.id) {
      return true;
    }
    for (JsonNode mention : message.path("mentions")) {
      if (Json.snowflake(mention, "id") == bot.id) {
        return true;
      }
    }
    return false;
  }

  private void dispatchMemberUpdate(Model.Guild guild, Model.Member member) {
    ObjectNode json = memberJson(guild, member, true).put("guild_id", Json.id(guild.id));
    gateway.dispatch("GUILD_MEMBER_UPDATE", guild.id, Gateway.GUILD_MEMBERS, json, false);
  }

  private void dispatchVoiceState(Model.Guild guild, Model.Member member) {
    gateway.dispatch(
        "VOICE_STATE_UPDATE", guild.id, Gateway.GUILD_VOICE_STATES, voiceStateJson(guild, member), false);
  }

  private void dispatchChannel(String type, Model.Channel channel) {
    gateway.dispatch(type, channel.guildId, Gateway.GUILDS, channelJson(channel), false);
  }

  // ---------------------------------------------------------------- snapshots

  synchronized LocalGuild snapshot(Model.Guild guild) {
    List<LocalChannel> channelSnapshots = guild.channels.values().stream()
        .sorted((a, b) -> Integer.compare(a.position, b.position))
        .map(this::snapshot).toList();
    List<LocalRole> roles = guild.roles.values().stream()
        .map(r -> new LocalRole(Json.id(r.id), r.name, r.permissions, r.position)).toList();
    List<LocalMember> members = guild.members.values().stream().map(m -> snapshot(guild, m)).toList();
    return new LocalGuild(
        Json.id(guild.id), guild.name, Json.id(guild.ownerId), channelSnapshots, roles, members);
  }

  synchronized LocalChannel snapshot(Model.Channel channel) {
    List<LocalChannel.PermissionOverwrite> overwrites = new ArrayList<>();
    channel.overwrites.forEach(o -> overwrites.add(new LocalChannel.PermissionOverwrite(
        o.path("id").asText(), o.path("type").asInt(), Json.bits(o.get("allow")), Json.bits(o.get("deny")))));
    String name = channel.type == 1 ? users.get(channel.recipientId).name : channel.name;
    return new LocalChannel(
        Json.id(channel.id),
        channel.guildId == 0 ? Optional.empty() : Optional.of(Json.id(channel.guildId)),
        name,
        channel.type,
        channel.parentId == 0 ? Optional.empty() : Optional.of(Json.id(channel.parentId)),
        channel.position,
        overwrites);
  }

  synchronized LocalMember snapshot(Model.Guild guild, Model.Member member) {
    return new LocalMember(
        Json.id(guild.id),
        Json.id(member.userId),
        users.get(member.userId).name,
        Optional.ofNullable(member.nick),
        member.roles.stream().map(Json::id).toList(),
        member.voiceChannelId == 0 ? Optional.empty() : Optional.of(Json.id(member.voiceChannelId)),
        Optional.ofNullable(member.timeoutUntil));
  }

  LocalMessage snapshot(Model.Message message) {
    return new LocalMessage(message.json, Json.snowflake(message.json.get("author"), "id") == bot.id);
  }

  synchronized List<LocalMessage> messages(long channelId) {
    return channel(channelId).messages.values().stream()
        .filter(m -> !m.deleted).map(this::snapshot).toList();
  }

  synchronized List<RegisteredCommand> commands(long guildId) {
    Map<Long, Model.Command> source = guildId == 0 ? globalCommands : guildCommands.getOrDefault(guildId, Map.of());
    return source.values().stream()
        .map(c -> new RegisteredCommand(
            Json.id(c.id),
            c.guildId == 0 ? Optional.empty() : Optional.of(Json.id(c.guildId)),
            c.name(),
            c.json))
        .toList();
  }

  synchronized List<Model.Command> commandsFor(long guildId) {
    List<Model.Command> all = new ArrayList<>(guildCommands.getOrDefault(guildId, Map.of()).values());
    all.addAll(globalCommands.values());
    return all;
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Tells the waiters that the world changed: each waiter's probe is evaluated here, under the
   * lock the change was made under, and only a waiter whose probe now holds (or failed) is woken.
   * Waking every waiter on every change made each of them take the lock again in turn, so the
   * cost of a change grew with the number of waiting threads, all of it serialised on this monitor.
   */
  synchronized void changed() {
    if (!waiters.isEmpty()) {
      waiters.removeIf(Waiter::settle);
    }
  }

  /**
   * Waits until a probe gives a value. The probe is evaluated now, after every change to the world
   * (on the changing thread, under this lock) and every {@link #RECHECK} on the waiting thread, so
   * that a probe that also reads something outside the world, such as a database, sees it too.
   */
  <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Waiter<T> waiter = new Waiter<>(probe);
    synchronized (this) {
      if (waiter.check()) {
        return waiter.value;
      }
      waiters.add(waiter);
    }
    boolean waiting = true;
    try {
      while (true) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new LocalDiscordException("Timed out after " + timeout + " waiting for " + what);
        }
        LockSupport.parkNanos(this, Math.min(remaining, RECHECK.toNanos()));
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new LocalDiscordException("Interrupted while waiting for " + what, new InterruptedException());
        }
        synchronized (this) {
          // Taken even when a changing thread already found the value: that thread may still be
          // inside the change that woke this one (a REST call is recorded in the action log after
          // its handler changed the world), and the caller must see the whole change.
          if (waiter.settled) {
            waiting = false;
            return waiter.value;
          }
          // Evaluated here too when the probe failed on a changing thread, so that its exception is
          // thrown, with its own stack, to the caller that waits.
          if (waiter.check()) {
            return waiter.value;
          }
        }
      }
    } finally {
      if (waiting) {
        synchronized (this) {
          waiters.remove(waiter);
        }
      }
    }
  }

  /** A thread in {@link #await}: its probe, and what the probe gave once it held. */
  private static final class Waiter<T> {
    private final Supplier<Optional<T>> probe;
    private final Thread thread = Thread.currentThread();
    private volatile boolean settled;
    private T value;

    Waiter(Supplier<Optional<T>> probe) {
      this.probe = probe;
    }

    /** Evaluates the probe on the waiting thread, under the world's lock; its exceptions go to the caller. */
    boolean check() {
      Optional<T> now = probe.get();
      if (now.isPresent()) {
        value = now.get();
        settled = true;
      }
      return settled;
    }

    /**
     * Evaluates the probe on a changing thread, under the world's lock, and wakes the waiting thread
     * if it holds (then true: it no longer waits) or failed (then the waiting thread evaluates it).
     */
    boolean settle() {
      try {
        Optional<T> now = probe.get();
        if (now.isEmpty()) {
          return false;
        }
        value = now.get();
        settled = true;
        LockSupport.unpark(thread);
        return true;
      } catch (RuntimeException e) {
        LockSupport.unpark(thread);
        return false;
      }
    }
  }

  // ---------------------------------------------------------------- gateway

  synchronized void identify(Gateway.Connection connection, JsonNode identify, String resumeUrl) {
    if (!token.equals(identify.path("token").asText())) {
      connection.close(4004, "Authentication failed.");
      return;
    }
    int shardId = 0;
    int shardCount = 1;
    JsonNode shard = identify.get("shard");
    if (shard != null && shard.isArray() && shard.size() == 2) {
      shardId = shard.get(0).asInt();
      shardCount = shard.get(1).asInt();
    }
    if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      connection.close(4010, "Invalid shard.");
      return;
    }
    if (!identify.has("intents")) {
      connection.close(4013, "Invalid intent(s).");
      return;
    }
    Gateway.BotSession session =
        gateway.open(connection, shardId, shardCount, identify.get("intents").asLong());
    session.dispatch("READY", readyJson(session, resumeUrl));
    for (Model.Guild guild : guilds.values()) {
      if (session.covers(guild.id)) {
        session.dispatch("GUILD_CREATE", guildCreateJson(guild));
      }
    }
    changed();
  }

  synchronized void requestMembers(Gateway.BotSession session, JsonNode request) {
    List<Long> guildIds = new ArrayList<>();
    JsonNode guildId = request.path("guild_id");
    if (guildId.isArray()) {
      guildId.forEach(g -> guildIds.add(Long.parseUnsignedLong(g.asText())));
    } else {
      guildIds.add(Long.parseUnsignedLong(guildId.asText()));
    }
    String query = request.path("query").asText("");
    List<String> userIds = new ArrayList<>();
    JsonNode requested = request.path("user_ids");
    if (requested.isArray()) {
      requested.forEach(u -> userIds.add(u.asText()));
    } else if (!requested.isMissingNode() && !requested.isNull()) {
      userIds.add(requested.asText());
    }
    for (long id : guildIds) {
      Model.Guild guild = guilds.get(id);
      if (guild == null || !session.covers(id)) {
        continue;
      }
      ObjectNode chunk = Json.object().put("guild_id", Json.id(id)).put("chunk_index", 0).put("chunk_count", 1);
      ArrayNode members = chunk.putArray("members");
      for (Model.Member member : guild.members.values()) {
        boolean wanted = userIds.isEmpty()
            ? users.get(member.userId).name.startsWith(query)
            : userIds.contains(Json.id(member.userId));
        if (wanted) {
          members.add(memberJson(guild, member, true));
        }
      }
      ArrayNode notFound = chunk.putArray("not_found");
      userIds.stream().filter(u -> !guild.members.containsKey(Long.parseUnsignedLong(u))).forEach(notFound::add);
      if (request.has("nonce")) {
        chunk.set("nonce", request.get("nonce"));
      }
      session.dispatch("GUILD_MEMBERS_CHUNK", chunk);
    }
  }

  // ---------------------------------------------------------------- REST: users and DMs

  synchronized ObjectNode selfJson() {
    return userJson(bot).put("verified", true).put("mfa_enabled", false).put("flags", 0);
  }

  synchronized Model.Channel dmChannel(long userId) {
    user(userId);
    return dmByUser.computeIfAbsent(userId, id -> {
      Model.Channel channel = new Model.Channel(ids.next(), 0, 1, "");
      channel.recipientId = id;
      channels.put(channel.id, channel);
      return channel;
    });
  }

  // ---------------------------------------------------------------- REST: commands

  synchronized ArrayNode putCommands(long guildId, JsonNode body) {
    if (!body.isArray()) {
      throw new DiscordError(400, 50035, "Invalid Form Body: expected an array of commands");
    }
    if (guildId != 0) {
      guild(guildId);
    }
    Map<Long, Model.Command> target = commandMap(guildId);
    Map<String, Model.Command> previous = new HashMap<>();
    target.values().forEach(c -> previous.put(c.type() + ":" + c.name(), c));
    Map<Long, Model.Command> replaced = new LinkedHashMap<>();
    ArrayNode result = Json.array();
    for (JsonNode definition : body) {
      CommandValidator.checkDefinition(definition);
      Model.Command old = previous.get(definition.path("type").asInt(1) + ":" + definition.path("name").asText());
      Model.Command command = storeCommand(old, guildId, definition);
      if (replaced.put(command.id, command) != null) {
        throw new DiscordError(400, 50035,
            "Invalid Form Body: application command " + command.name() + " is defined twice");
      }
      result.add(command.json.deepCopy());
    }
    target.clear();
    target.putAll(replaced);
    return result;
  }

  synchronized ObjectNode upsertCommand(long guildId, JsonNode definition) {
    if (guildId != 0) {
      guild(guildId);
    }
    CommandValidator.checkDefinition(definition);
    Map<Long, Model.Command> target = commandMap(guildId);
    Model.Command old = target.values().stream()
        .filter(c -> c.name().equals(definition.path("name").asText())
            && c.type() == definition.path("type").asInt(1))
        .findFirst().orElse(null);
    Model.Command command = storeCommand(old, guildId, definition);
    target.put(command.id, command);
    return command.json.deepCopy();
  }

  synchronized ObjectNode editCommand(long guildId, long commandId, JsonNode patch) {
    Model.Command command = command(guildId, commandId);
    ObjectNode merged = command.json.deepCopy();
    patch.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
    CommandValidator.checkDefinition(merged);
    Model.Command stored = storeCommand(command, guildId, merged);
    commandMap(guildId).put(stored.id, stored);
    return stored.json.deepCopy();
  }

  synchronized void deleteCommand(long guildId, long commandId) {
    command(guildId, commandId);
    commandMap(guildId).remove(commandId);
  }

  synchronized Model.Command command(long guildId, long commandId) {
    Model.Command command = commandMap(guildId).get(commandId);
    if (command == null) {
      throw DiscordError.unknown("application command", 10063);
    }
    return command;
  }

  synchronized ArrayNode commandsJson(long guildId) {
    ArrayNode result = Json.array();
    commandMap(guildId).values().forEach(c -> result.add(c.json.deepCopy()));
    return result;
  }

  private Map<Long, Model.Command> commandMap(long guildId) {
    return guildId == 0 ? globalCommands : guildCommands.computeIfAbsent(guildId, g -> new LinkedHashMap<>());
  }

  private Model.Command storeCommand(Model.Command old, long guildId, JsonNode definition) {
    long id = old == null ? ids.next() : old.id;
    ObjectNode json = definition.deepCopy();
    json.put("id", Json.id(id))
        .put("application_id", Json.id(applicationId()))
        .put("type", definition.path("type").asInt(1))
        .put("version", Json.id(ids.next()));
    if (!json.has("description")) {
      json.put("description", "");
    }
    if (!json.has("default_member_permissions")) {
      json.putNull("default_member_permissions");
    }
    if (!json.has("nsfw")) {
      json.put("nsfw", false);
    }
    if (guildId != 0) {
      json.put("guild_id", Json.id(guildId));
    }
    return new Model.Command(id, guildId, json);
  }

  /** Adds a message to its channel's history, dropping the oldest beyond {@link History#messagesPerChannel()}. */
  private void keep(Model.Channel channel, Model.Message message) {
    channel.messages.put(message.id, message);
    int over = channel.messages.size() - history.messagesPerChannel();
    if (over > 0) {
      Iterator<Model.Message> oldest = channel.messages.values().iterator();
      for (; over > 0; over--) {
        oldest.next();
        oldest.remove();
      }
    }
  }

  /** Forgets the interactions older than {@link History#interactions()}: their tokens are no longer valid. */
  private void forgetExpiredInteractions() {
    long now = System.nanoTime();
    long ttl = history.interactions().toNanos();
    Iterator<Model.Interaction> oldest = interactions.values().iterator();
    while (oldest.hasNext()) {
      Model.Interaction interaction = oldest.next();
      if (now - interaction.createdNanos < ttl) {
        return;
      }
      oldest.remove();
      interactionsByToken.remove(interaction.token);
      submittedModals.remove(interaction.id);
    }
  }

  // ---------------------------------------------------------------- REST: interactions

  synchronized JsonNode interactionCallback(long interactionId, String interactionToken, JsonNode body) {
    forgetExpiredInteractions();
    Model.Interaction interaction = interactions.get(interactionId);
    if (interaction == null || !interaction.token.equals(interactionToken)) {
      throw DiscordError.unknown("interaction", 10062);
    }
    if (!interaction.callbacks.isEmpty()) {
      throw new DiscordError(400, 40060, "Interaction has already been acknowledged.");
    }
    int type = body.path("type").asInt(-1);
    JsonNode data = body.path("data");
    boolean component = interaction.type == 3 || interaction.type == 5;
    Model.Message message = null;
    switch (type) {
      case 4 -> message = interactionMessage(interaction, data, 0, interaction.type == 2 ? 20 : 19);
      case 5 -> message = interactionMessage(
          interaction, data, LocalMessage.LOADING | (data.path("flags").asInt(0) & LocalMessage.EPHEMERAL),
          interaction.type == 2 ? 20 : 19);
      case 6, 7 -> {
        if (!component) {
          throw new DiscordError(400, 40043, "Interaction callback type " + type
              + " is only valid for component interactions");
        }
        message = type == 7
            ? updateComponentMessage(interaction, data)
            : message(channel(interaction.channelId), interaction.componentMessageId);
      }
      case 8, 9 -> {
        // Autocomplete results and modals are recorded; nothing in the world changes.
      }
      default -> throw new DiscordError(400, 50035, "Invalid Form Body: unknown interaction callback type " + type);
    }
    // Not copied: the body was parsed for this call alone, and readers get copies.
    interaction.callbacks.add((ObjectNode) body);
    if (message != null) {
      interaction.original = message;
    }
    ObjectNode response = Json.object();
    ObjectNode summary = response.putObject("interaction")
        .put("id", Json.id(interaction.id))
        .put("type", interaction.type);
    ObjectNode resource = response.putObject("resource").put("type", type);
    if (message != null) {
      summary.put("response_message_id", Json.id(message.id))
          .put("response_message_loading", type == 5)
          .put("response_message_ephemeral", message.ephemeral);
      resource.set("message", message.json.deepCopy());
    }
    changed();
    return response;
  }

  private Model.Message interactionMessage(Model.Interaction interaction, JsonNode data, int extraFlags, int type) {
    Model.Channel channel = channel(interaction.channelId);
    ObjectNode body = data.isObject() ? (ObjectNode) data.deepCopy() : Json.object();
    body.put("flags", body.path("flags").asInt(0) | extraFlags);
    long id = ids.next();
    ObjectNode json = messageJson(id, channel, bot, body, type);
    json.put("flags", body.path("flags").asInt(0));
    json.put("webhook_id", Json.id(applicationId())).put("application_id", Json.id(applicationId()));
    ObjectNode metadata = json.putObject("interaction_metadata")
        .put("id", Json.id(interaction.id))
        .put("type", interaction.type);
    metadata.set("user", userJson(users.get(interaction.userId)));
    ObjectNode owners = metadata.putObject("authorizing_integration_owners");
    if (interaction.guildId != 0) {
      owners.put("0", Json.id(interaction.guildId));
    } else {
      owners.put("1", Json.id(interaction.userId));
    }
    boolean ephemeral = (json.path("flags").asInt() & LocalMessage.EPHEMERAL) != 0;
    Model.Message message = new Model.Message(json, id, channel.id, ephemeral);
    keep(channel, message);
    if (!ephemeral) {
      channel.lastMessageId = id;
    }
    dispatchMessage("MESSAGE_CREATE", channel, message);
    return message;
  }

  private Model.Message updateComponentMessage(Model.Interaction interaction, JsonNode data) {
    Model.Channel channel = channel(interaction.channelId);
    Model.Message message = message(channel, interaction.componentMessageId);
    editMessage(channel, message, data);
    return message;
  }

  private void editMessage(Model.Channel channel, Model.Message message, JsonNode body) {
    applyContent(message.json, body, false);
    message.json.put("edited_timestamp", Json.time(Instant.now()));
    dispatchMessage("MESSAGE_UPDATE", channel, message);
  }

  synchronized Model.Interaction interactionByToken(long applicationId, String interactionToken) {
    forgetExpiredInteractions();
    Model.Interaction interaction = interactionsByToken.get(interactionToken);
    if (interaction == null || applicationId != applicationId()) {
      throw DiscordError.unknown("Webhook", 10015);
    }
    return interaction;
  }

  synchronized ObjectNode followUp(long applicationId, String interactionToken, JsonNode body) {
    Model.Interaction interaction = interactionByToken(applicationId, interactionToken);
    if (interaction.callbacks.isEmpty()) {
      throw DiscordError.unknown("Webhook", 10015);
    }
    Model.Channel channel = channel(interaction.channelId);
    Model.Message original = interaction.original;
    if (original != null && (original.json.path("flags").asInt() & LocalMessage.LOADING) != 0) {
      // The first follow-up to a deferred reply becomes that reply, as on Discord.
      ObjectNode edit = body.deepCopy();
      edit.put("flags", original.json.path("flags").asInt() & ~LocalMessage.LOADING);
      applyContent(original.json, edit, false);
      interaction.editedAfterAck = true;
      dispatchMessage("MESSAGE_UPDATE", channel, original);
      changed();
      return original.json.deepCopy();
    }
    long id = ids.next();
    ObjectNode json = messageJson(id, channel, bot, body, 0);
    json.put("webhook_id", Json.id(applicationId())).put("application_id", Json.id(applicationId()));
    boolean ephemeral = (json.path("flags").asInt() & LocalMessage.EPHEMERAL) != 0;
    Model.Message message = new Model.Message(json, id, channel.id, ephemeral);
    keep(channel, message);
    interaction.followUps.add(message);
    dispatchMessage("MESSAGE_CREATE", channel, message);
    changed();
    return json.deepCopy();
  }

  synchronized Model.Message webhookMessage(long applicationId, String interactionToken, String messageId) {
    Model.Interaction interaction = interactionByToken(applicationId, interactionToken);
    if (messageId.equals("@original")) {
      if (interaction.original == null) {
        throw DiscordError.unknown("Message", 10008);
      }
      return interaction.original;
    }
    long id = Long.parseUnsignedLong(messageId);
    if (interaction.original != null && interaction.original.id == id) {
      return interaction.original;
    }
    return interaction.followUps.stream().filter(m -> m.id == id && !m.deleted).findFirst()
        .orElseThrow(() -> DiscordError.unknown("Message", 10008));
  }

  synchronized ObjectNode editWebhookMessage(
      long applicationId, String interactionToken, String messageId, JsonNode body) {
    Model.Message message = webhookMessage(applicationId, interactionToken, messageId);
    ObjectNode edit = body.deepCopy();
    edit.put("flags", (body.has("flags") ? body.path("flags").asInt() : message.json.path("flags").asInt())
        & ~LocalMessage.LOADING);
    editMessage(channel(message.channelId), message, edit);
    if (message == interactionByToken(applicationId, interactionToken).original) {
      interactionByToken(applicationId, interactionToken).editedAfterAck = true;
    }
    changed();
    return message.json.deepCopy();
  }

  synchronized void deleteWebhookMessage(long applicationId, String interactionToken, String messageId) {
    Model.Message message = webhookMessage(applicationId, interactionToken, messageId);
    deleteMessage(channel(message.channelId), message);
  }

  // ---------------------------------------------------------------- REST: messages

  synchronized ObjectNode botMessage(long channelId, JsonNode body) {
    Model.Channel channel = channel(channelId);
    if (!channel.isMessageChannel()) {
      throw new DiscordError(400, 50008, "Cannot send messages in a non-text channel");
    }
    boolean empty = body.path("content").asText("").isEmpty()
        && body.path("embeds").isEmpty() && body.path("components").isEmpty()
        && body.path("sticker_ids").isEmpty() && body.path("attachments").isEmpty();
    if (empty) {
      throw new DiscordError(400, 50006, "Cannot send an empty message");
    }
    Model.Message message = newMessage(channel, bot, body, body.has("message_reference") ? 19 : 0);
    changed();
    return message.json.deepCopy();
  }

  private Model.Message newMessage(Model.Channel channel, Model.User author, JsonNode body, int type) {
    long id = ids.next();
    ObjectNode json = messageJson(id, channel, author, body, type);
    json.put("flags", body.path("flags").asInt(0) & ~LocalMessage.EPHEMERAL);
    Model.Message message = new Model.Message(json, id, channel.id, false);
    keep(channel, message);
    channel.lastMessageId = id;
    dispatchMessage("MESSAGE_CREATE", channel, message);
    return message;
  }

  synchronized ObjectNode editBotMessage(long channelId, long messageId, JsonNode body) {
    Model.Channel channel = channel(channelId);
    Model.Message message = message(channel, messageId);
    if (Json.snowflake(message.json.get("author"), "id") != bot.id) {
      throw new DiscordError(403, 50005, "Cannot edit a message authored by another user");
    }
    editMessage(channel, message, body);
    changed();
    return message.json.deepCopy();
  }

  synchronized void deleteMessage(long channelId, long messageId) {
    Model.Channel channel = channel(channelId);
    deleteMessage(channel, message(channel, messageId));
  }

  private void deleteMessage(Model.Channel channel, Model.Message message) {
    message.deleted = true;
    if (!message.ephemeral) {
      ObjectNode json = Json.object().put("id", Json.id(message.id)).put("channel_id", Json.id(channel.id));
      if (channel.guildId != 0) {
        json.put("guild_id", Json.id(channel.guildId));
      }
      int intent = channel.guildId == 0 ? Gateway.DIRECT_MESSAGES : Gateway.GUILD_MESSAGES;
      gateway.dispatch("MESSAGE_DELETE", channel.guildId, intent, json, false);
    }
    changed();
  }

  /** The newest messages older than {@code before} (a message id), newest first, as Discord pages history. */
  synchronized ArrayNode history(long channelId, int limit, long before) {
    Model.Channel channel = channel(channelId);
    List<Model.Message> visible = channel.messages.values().stream()
        .filter(m -> !m.deleted && !m.ephemeral && m.id < before).toList();
    ArrayNode result = Json.array();
    for (int i = visible.size() - 1; i >= 0 && result.size() < limit; i--) {
      result.add(visible.get(i).json.deepCopy());
    }
    return result;
  }

  // ---------------------------------------------------------------- REST: channels

  synchronized ObjectNode createChannel(long guildId, JsonNode body) {
    Model.Guild guild = guild(guildId);
    String name = body.path("name").asText("");
    if (name.isEmpty() || name.length() > 100) {
      throw new DiscordError(400, 50035, "Invalid Form Body: name must be 1 to 100 characters");
    }
    int type = body.path("type").asInt(0);
    if (type != 0 && type != 2 && type != 4 && type != 5 && type != 13 && type != 15) {
      throw new DiscordError(400, 50035, "Invalid Form Body: channel type " + type);
    }
    Model.Channel channel = new Model.Channel(ids.next(), guildId, type, name);
    channel.position = body.has("position") && !body.get("position").isNull()
        ? body.get("position").asInt()
        : guild.channels.values().stream().mapToInt(c -> c.position + 1).max().orElse(0);
    applyChannelFields(guild, channel, body);
    guild.channels.put(channel.id, channel);
    channels.put(channel.id, channel);
    dispatchChannel("CHANNEL_CREATE", channel);
    changed();
    return channelJson(channel);
  }

  private void applyChannelFields(Model.Guild guild, Model.Channel channel, JsonNode body) {
    if (body.has("name")) {
      channel.name = body.get("name").asText();
    }
    if (body.has("position") && !body.get("position").isNull()) {
      channel.position = body.get("position").asInt();
    }
    if (body.has("parent_id")) {
      long parentId = Json.snowflake(body, "parent_id");
      if (parentId != 0) {
        Model.Channel parent = guild.channels.get(parentId);
        if (parent == null || parent.type != 4) {
          throw new DiscordError(400, 50035, "Invalid Form Body: parent_id is not a category of the guild");
        }
      }
      channel.parentId = parentId;
    }
    if (body.has("topic")) {
      channel.topic = body.get("topic").isNull() ? null : body.get("topic").asText();
    }
    if (body.has("nsfw")) {
      channel.nsfw = body.get("nsfw").asBoolean();
    }
    if (body.has("bitrate") && !body.get("bitrate").isNull()) {
      channel.bitrate = body.get("bitrate").asInt();
    }
    if (body.has("user_limit") && !body.get("user_limit").isNull()) {
      channel.userLimit = body.get("user_limit").asInt();
    }
    if (body.has("rate_limit_per_user") && !body.get("rate_limit_per_user").isNull()) {
      channel.rateLimitPerUser = body.get("rate_limit_per_user").asInt();
    }
    if (body.has("permission_overwrites") && body.get("permission_overwrites").isArray()) {
      ArrayNode overwrites = Json.array();
      body.get("permission_overwrites").forEach(o -> overwrites.add(overwrite(guild, o.path("id").asText(), o)));
      channel.overwrites = overwrites;
    }
  }

  private ObjectNode overwrite(Model.Guild guild, String id, JsonNode body) {
    long target = Long.parseUnsignedLong(id);
    int type = body.path("type").asInt(-1);
    if (type == 0 ? !guild.roles.containsKey(target) : type == 1 ? !users.containsKey(target) : true) {
      throw new DiscordError(400, 50035,
          "Invalid Form Body: permission overwrite " + id + " of type " + type + " names no role or member");
    }
    return Json.object()
        .put("id", id)
        .put("type", type)
        .put("allow", Long.toString(Json.bits(body.get("allow"))))
        .put("deny", Long.toString(Json.bits(body.get("deny"))));
  }

  synchronized ObjectNode modifyChannel(long channelId, JsonNode body) {
    Model.Channel channel = channel(channelId);
    if (channel.guildId == 0) {
      throw new DiscordError(400, 50003, "Cannot execute action on a DM channel");
    }
    applyChannelFields(guild(channel.guildId), channel, body);
    dispatchChannel("CHANNEL_UPDATE", channel);
    changed();
    return channelJson(channel);
  }

  synchronized ObjectNode deleteChannel(long channelId) {
    Model.Channel channel = channel(channelId);
    if (channel.guildId == 0) {
      throw new DiscordError(400, 50003, "Cannot execute action on a DM channel");
    }
    Model.Guild guild = guild(channel.guildId);
    ObjectNode json = channelJson(channel);
    for (Model.Member member : guild.members.values()) {
      if (member.voiceChannelId == channel.id) {
        member.voiceChannelId = 0;
        dispatchVoiceState(guild, member);
      }
    }
    for (Model.Channel child : guild.channels.values()) {
      if (child.parentId == channel.id) {
        child.parentId = 0;
        dispatchChannel("CHANNEL_UPDATE", child);
      }
    }
    guild.channels.remove(channel.id);
    channels.remove(channel.id);
    dispatchChannel("CHANNEL_DELETE", channel);
    changed();
    return json;
  }

  synchronized void putOverwrite(long channelId, String overwriteId, JsonNode body) {
    Model.Channel channel = channel(channelId);
    Model.Guild guild = guild(channel.guildId);
    ObjectNode overwrite = overwrite(guild, overwriteId, body);
    ArrayNode overwrites = Json.array();
    channel.overwrites.forEach(o -> {
      if (!o.path("id").asText().equals(overwriteId)) {
        overwrites.add(o);
      }
    });
    overwrites.add(overwrite);
    channel.overwrites = overwrites;
    dispatchChannel("CHANNEL_UPDATE", channel);
    changed();
  }

  synchronized void deleteOverwrite(long channelId, String overwriteId) {
    Model.Channel channel = channel(channelId);
    ArrayNode overwrites = Json.array();
    channel.overwrites.forEach(o -> {
      if (!o.path("id").asText().equals(overwriteId)) {
        overwrites.add(o);
      }
    });
    channel.overwrites = overwrites;
    dispatchChannel("CHANNEL_UPDATE", channel);
    changed();
  }

  synchronized ArrayNode guildChannels(long guildId) {
    ArrayNode result = Json.array();
    guild(guildId).channels.values().forEach(c -> result.add(channelJson(c)));
    return result;
  }

  // ---------------------------------------------------------------- REST: members, roles, bans

  synchronized ObjectNode modifyMember(long guildId, long userId, JsonNode body) {
    Model.Guild guild = guild(guildId);
    Model.Member member = member(guild, userId);
    boolean memberChanged = false;
    boolean voiceChanged = false;
    if (body.has("nick")) {
      member.nick = body.get("nick").isNull() || body.get("nick").asText().isEmpty()
          ? null : body.get("nick").asText();
      memberChanged = true;
    }
    if (body.has("roles") && body.get("roles").isArray()) {
      member.roles.clear();
      for (JsonNode roleId : body.get("roles")) {
        long id = Long.parseUnsignedLong(roleId.asText());
        role(guild, id);
        if (id != guild.id) {
          member.roles.add(id);
        }
      }
      memberChanged = true;
    }
    if (body.has("communication_disabled_until")) {
      JsonNode until = body.get("communication_disabled_until");
      if (until.isNull()) {
        member.timeoutUntil = null;
      } else {
        Instant end = OffsetDateTime.parse(until.asText()).toInstant();
        if (end.isAfter(Instant.now().plus(Duration.ofDays(28)))) {
          throw new DiscordError(400, 50035,
              "Invalid Form Body: communication_disabled_until is more than 28 days away");
        }
        member.timeoutUntil = end;
      }
      memberChanged = true;
    }
    for (String flag : List.of("mute", "deaf")) {
      if (body.has(flag)) {
        requireVoice(member);
        if (flag.equals("mute")) {
          member.mute = body.get(flag).asBoolean();
        } else {
          member.deaf = body.get(flag).asBoolean();
        }
        voiceChanged = true;
      }
    }
    if (body.has("channel_id")) {
      requireVoice(member);
      long target = Json.snowflake(body, "channel_id");
      if (target != 0) {
        Model.Channel channel = guild.channels.get(target);
        if (channel == null || !channel.isVoice()) {
          throw new DiscordError(400, 50035, "Invalid Form Body: channel_id is not a voice channel of the guild");
        }
      }
      member.voiceChannelId = target;
      if (target == 0) {
        member.voiceSessionId = null;
      }
      voiceChanged = true;
    }
    if (memberChanged) {
      dispatchMemberUpdate(guild, member);
    }
    if (voiceChanged) {
      dispatchVoiceState(guild, member);
    }
    changed();
    return memberJson(guild, member, true);
  }

  private static void requireVoice(Model.Member member) {
    if (member.voiceChannelId == 0) {
      throw new DiscordError(400, 40032, "Target user is not connected to voice.");
    }
  }

  synchronized void changeRole(long guildId, long userId, long roleId, boolean add) {
    Model.Guild guild = guild(guildId);
    Model.Member member = member(guild, userId);
    role(guild, roleId);
    boolean changed = add ? member.roles.add(roleId) : member.roles.remove(roleId);
    if (changed) {
      dispatchMemberUpdate(guild, member);
    }
    changed();
  }

  synchronized void removeMember(long guildId, long userId) {
    Model.Guild guild = guild(guildId);
    Model.Member member = member(guild, userId);
    if (member.voiceChannelId != 0) {
      member.voiceChannelId = 0;
      member.voiceSessionId = null;
      dispatchVoiceState(guild, member);
    }
    guild.members.remove(userId);
    ObjectNode json = Json.object().put("guild_id", Json.id(guild.id));
    json.set("user", userJson(users.get(userId)));
    gateway.dispatch("GUILD_MEMBER_REMOVE", guild.id, Gateway.GUILD_MEMBERS, json, false);
    changed();
  }

  synchronized void ban(long guildId, long userId) {
    Model.Guild guild = guild(guildId);
    Model.User user = user(userId);
    if (userId == guild.ownerId) {
      throw new DiscordError(403, 50013, "Missing Permissions");
    }
    if (guild.members.containsKey(userId)) {
      removeMember(guildId, userId);
    }
    guild.bans.add(userId);
    ObjectNode json = Json.object().put("guild_id", Json.id(guild.id));
    json.set("user", userJson(user));
    gateway.dispatch("GUILD_BAN_ADD", guild.id, Gateway.GUILD_MODERATION, json, false);
    changed();
  }

  synchronized void unban(long guildId, long userId) {
    Model.Guild guild = guild(guildId);
    if (!guild.bans.remove(userId)) {
      throw DiscordError.unknown("Ban", 10026);
    }
    ObjectNode json = Json.object().put("guild_id", Json.id(guild.id));
    json.set("user", userJson(user(userId)));
    gateway.dispatch("GUILD_BAN_REMOVE", guild.id, Gateway.GUILD_MODERATION, json, false);
    changed();
  }

  synchronized ObjectNode banJson(long guildId, long userId) {
    if (!guild(guildId).bans.contains(userId)) {
      throw DiscordError.unknown("Ban", 10026);
    }
    ObjectNode json = Json.object();
    json.putNull("reason");
    json.set("user", userJson(user(userId)));
    return json;
  }

  /** A page of the guild's bans in user id order, as Discord pages them: after one id, or before one (then the last ones). */
  synchronized ArrayNode bansJson(long guildId, int limit, long after, long before) {
    List<Long> ids = guild(guildId).bans.stream()
        .filter(u -> Long.compareUnsigned(u, after) > 0 && Long.compareUnsigned(u, before) < 0)
        .sorted(Long::compareUnsigned)
        .toList();
    boolean fromEnd = before != -1 && after == 0;
    List<Long> page = fromEnd ? ids.subList(Math.max(0, ids.size() - limit), ids.size()) : ids.subList(0, Math.min(limit, ids.size()));
    ArrayNode result = Json.array();
    page.forEach(u -> result.add(banJson(guildId, u)));
    return result;
  }

  synchronized ObjectNode guildJson(long guildId) {
    ObjectNode json = guildCreateJson(guild(guildId));
    for (String gatewayOnly : List.of("channels", "members", "voice_states", "threads", "presences",
        "joined_at", "large", "member_count", "unavailable", "stage_instances", "guild_scheduled_events",
        "soundboard_sounds")) {
      json.remove(gatewayOnly);
    }
    return json;
  }

  synchronized ArrayNode rolesJson(long guildId) {
    ArrayNode result = Json.array();
    guild(guildId).roles.values().forEach(r -> result.add(roleJson(r)));
    return result;
  }

  // ---------------------------------------------------------------- driving: users

  synchronized Model.Message userSays(long userId, long channelId, String content) {
    Model.User user = user(userId);
    Model.Channel channel = channel(channelId);
    if (channel.guildId != 0) {
      Model.Guild guild = guild(channel.guildId);
      if (!guild.members.containsKey(userId)) {
        throw new LocalDiscordException(user.name + " is not a member of guild " + guild.name);
      }
      if (!channel.isMessageChannel()) {
        throw new LocalDiscordException("#" + channel.name + " is not a text channel");
      }
    } else if (channel.recipientId != userId) {
      throw new LocalDiscordException(user.name + " cannot write in another user's DM channel");
    }
    Model.Message message = newMessage(channel, user, Json.object().put("content", content), 0);
    changed();
    return message;
  }

  synchronized Model.Interaction invoke(
      long userId, long channelId, CommandValidator.Resolved command) {
    Model.User user = user(userId);
    Model.Channel channel = channel(channelId);
    ObjectNode data = Json.object()
        .put("id", Json.id(command.command().id))
        .put("name", command.command().name())
        .put("type", command.command().type());
    if (command.command().guildId != 0) {
      data.put("guild_id", Json.id(command.command().guildId));
    }
    data.set("options", command.options());
    if (!command.resolved().isEmpty()) {
      data.set("resolved", command.resolved());
    }
    return newInteraction(user, channel, 2, data, 0, command.display());
  }

  synchronized Model.Interaction press(long userId, long channelId, long messageId, String customIdOrLabel) {
    Model.User user = user(userId);
    Model.Channel channel = channel(channelId);
    Model.Message message;
    try {
      message = message(channel, messageId);
    } catch (DiscordError e) {
      throw new InvalidInteractionException("There is no message " + Json.id(messageId) + " in " + describe(channel));
    }
    if (message.ephemeral && !isVisibleTo(message, userId)) {
      throw new InvalidInteractionException(user.name + " cannot see the ephemeral message " + Json.id(messageId));
    }
    LocalMessage snapshot = snapshot(message);
    LocalMessage.Button button = snapshot.buttons().stream()
        .filter(b -> customIdOrLabel.equals(b.customId()))
        .findFirst()
        .or(() -> snapshot.buttons().stream().filter(b -> customIdOrLabel.equals(b.label())).findFirst())
        .orElseThrow(() -> new InvalidInteractionException(
            "The message " + Json.id(messageId) + " has no button " + customIdOrLabel + "; its buttons: "
                + snapshot.buttons().stream().map(b -> b.label() + " (" + b.customId() + ")").toList()));
    if (button.disabled()) {
      throw new InvalidInteractionException("The button " + button.label() + " is disabled");
    }
    if (button.customId() == null) {
      throw new InvalidInteractionException("The button " + button.label() + " is a link, not an interaction");
    }
    ObjectNode data = Json.object().put("custom_id", button.customId()).put("component_type", 2);
    return newInteraction(user, channel, 3, data, message.id, "button " + button.label());
  }

  synchronized Model.Interaction submitModal(long userId, long shownBy, Map<String, String> values) {
    Model.User user = user(userId);
    Model.Interaction shown = interactions.get(shownBy);
    if (shown == null || shown.userId != userId) {
      throw new InvalidInteractionException(user.name + " was not shown a modal by that interaction");
    }
    JsonNode callback = shown.callbacks.isEmpty() ? null : shown.callbacks.get(0);
    if (callback == null || callback.path("type").asInt() != 9) {
      throw new InvalidInteractionException("The bot answered " + shown.description + " without a modal"
          + (callback == null ? " (it has not answered yet)" : " (callback type " + callback.path("type").asInt() + ")"));
    }
    if (submittedModals.contains(shownBy)) {
      throw new InvalidInteractionException("The modal of " + shown.description + " was already submitted");
    }
    JsonNode modal = callback.path("data");
    String title = modal.path("title").asText();
    Map<String, String> unknown = new LinkedHashMap<>(values);
    ArrayNode submitted = Json.array();
    int nextId = 1;
    for (JsonNode top : modal.path("components")) {
      boolean label = top.path("type").asInt() == 18;
      List<JsonNode> inputs = new ArrayList<>();
      if (label) {
        inputs.add(top.path("component"));
      } else {
        top.path("components").forEach(inputs::add);
      }
      ObjectNode row = Json.object().put("type", top.path("type").asInt()).put("id", top.path("id").asInt(nextId++));
      ArrayNode children = Json.array();
      for (JsonNode input : inputs) {
        if (input.path("type").asInt() != 4) {
          continue;
        }
        String customId = input.path("custom_id").asText();
        String name = label ? top.path("label").asText(customId) : input.path("label").asText(customId);
        String value = unknown.containsKey(customId) ? unknown.remove(customId) : input.path("value").asText("");
        int length = value.codePointCount(0, value.length());
        if (input.path("required").asBoolean(true) && value.isEmpty()) {
          throw new InvalidInteractionException("The text input " + name + " (" + customId + ") of the modal " + title
              + " is required");
        }
        if (!value.isEmpty() && input.has("min_length") && length < input.path("min_length").asInt()) {
          throw new InvalidInteractionException("The text input " + name + " of the modal " + title + " must be at least "
              + input.path("min_length").asInt() + " characters long, got " + length);
        }
        if (input.has("max_length") && length > input.path("max_length").asInt()) {
          throw new InvalidInteractionException("The text input " + name + " of the modal " + title + " must be at most "
              + input.path("max_length").asInt() + " characters long, got " + length);
        }
        children.add(Json.object().put("type", 4).put("id", input.path("id").asInt(nextId++))
            .put("custom_id", customId).put("value", value));
      }
      if (children.isEmpty()) {
        continue;
      }
      if (label) {
        row.set("component", children.get(0));
      } else {
        row.set("components", children);
      }
      submitted.add(row);
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInteractionException("The modal " + title + " has no text input " + String.join(", ", unknown.keySet()));
    }
    ObjectNode data = Json.object().put("custom_id", modal.path("custom_id").asText());
    data.set("components", submitted);
    submittedModals.add(shownBy);
    return newInteraction(user, channel(shown.channelId), 5, data, shown.componentMessageId, "modal " + title);
  }

  private boolean isVisibleTo(Model.Message message, long userId) {
    return interactions.values().stream()
        .anyMatch(i -> i.userId == userId && (i.original == message || i.followUps.contains(message)));
  }

  private Model.Interaction newInteraction(
      Model.User user, Model.Channel channel, int type, ObjectNode data, long componentMessageId, String description) {
    long id = ids.next();
    String interactionToken = "interaction-" + Json.id(id) + "-" + UUID.randomUUID().toString().replace("-", "");
    ObjectNode json = Json.object()
        .put("id", Json.id(id))
        .put("application_id", Json.id(applicationId()))
        .put("type", type)
        .put("token", interactionToken)
        .put("version", 1)
        .put("channel_id", Json.id(channel.id))
        .put("locale", "en-US");
    json.set("channel", channelJson(channel));
    json.set("data", data);
    json.putArray("entitlements");
    json.put("attachment_size_limit", 10 * 1024 * 1024);
    ObjectNode owners = json.putObject("authorizing_integration_owners");
    if (channel.guildId != 0) {
      Model.Guild guild = guild(channel.guildId);
      Model.Member member = guild.members.get(user.id);
      if (member == null) {
        throw new LocalDiscordException(user.name + " is not a member of guild " + guild.name);
      }
      json.put("guild_id", Json.id(guild.id)).put("guild_locale", "en-US").put("context", 0);
      json.putObject("guild").put("id", Json.id(guild.id)).put("locale", "en-US").putArray("features");
      json.set("member", memberJson(guild, member, true)
          .put("permissions", Long.toString(permissionsOf(guild, member))));
      json.put("app_permissions", Long.toString(permissionsOf(guild, guild.members.get(bot.id))));
      owners.put("0", Json.id(guild.id));
    } else {
      json.set("user", userJson(user));
      json.put("context", 1);
      json.put("app_permissions", Long.toString(ALL_PERMISSIONS));
      owners.put("0", "0");
    }
    if (componentMessageId != 0) {
      json.set("message", channel.messages.get(componentMessageId).json.deepCopy());
    }
    // Kept as written: a tenth of the memory of the tree, and what the bot was sent.
    String payload = Json.write(json);
    Model.Interaction interaction = new Model.Interaction(
        id, interactionToken, type, channel.id, channel.guildId, user.id, description, payload, componentMessageId);
    forgetExpiredInteractions();
    interactions.put(id, interaction);
    interactionsByToken.put(interactionToken, interaction);
    gateway.dispatch("INTERACTION_CREATE", channel.guildId, payload);
    changed();
    return interaction;
  }

  synchronized void joinVoice(long userId, long guildId, long channelId) {
    Model.Guild guild = guild(guildId);
    Model.Member member = guild.members.get(userId);
    if (member == null) {
      throw new LocalDiscordException(user(userId).name + " is not a member of guild " + guild.name);
    }
    Model.Channel channel = guild.channels.get(channelId);
    if (channel == null || !channel.isVoice()) {
      throw new LocalDiscordException(Json.id(channelId) + " is not a voice channel of guild " + guild.name);
    }
    if (member.voiceSessionId == null) {
      member.voiceSessionId = UUID.randomUUID().toString().replace("-", "");
    }
    member.voiceChannelId = channelId;
    dispatchVoiceState(guild, member);
    changed();
  }

  synchronized void leaveVoice(long userId, long guildId) {
    Model.Guild guild = guild(guildId);
    Model.Member member = guild.members.get(userId);
    if (member == null || member.voiceChannelId == 0) {
      throw new LocalDiscordException(user(userId).name + " is not in a voice channel of guild " + guild.name);
    }
    member.voiceChannelId = 0;
    dispatchVoiceState(guild, member);
    member.voiceSessionId = null;
    changed();
  }

  synchronized void joinGuild(long userId, long guildId) {
    Model.Guild guild = guild(guildId);
    Model.User user = user(userId);
    if (guild.bans.contains(userId)) {
      throw new LocalDiscordException(user.name + " is banned from guild " + guild.name);
    }
    if (guild.members.containsKey(userId)) {
      throw new LocalDiscordException(user.name + " is already a member of guild " + guild.name);
    }
    Model.Member member = new Model.Member(userId, Instant.now());
    guild.members.put(userId, member);
    ObjectNode json = memberJson(guild, member, true).put("guild_id", Json.id(guild.id));
    gateway.dispatch("GUILD_MEMBER_ADD", guild.id, Gateway.GUILD_MEMBERS, json, false);
    changed();
  }

  synchronized void leaveGuild(long userId, long guildId) {
    Model.Guild guild = guild(guildId);
    if (!guild.members.containsKey(userId)) {
      throw new LocalDiscordException(user(userId).name + " is not a member of guild " + guild.name);
    }
    if (userId == guild.ownerId) {
      throw new LocalDiscordException(user(userId).name + " owns guild " + guild.name + " and cannot leave it");
    }
    removeMember(guildId, userId);
  }

  synchronized Model.Guild addBotToGuild(World.GuildSpec spec) {
    spec.checkUsers(new java.util.HashSet<>(users.values().stream().map(u -> u.name).toList()), bot.name);
    Model.Guild guild = createGuild(spec);
    gateway.dispatch("GUILD_CREATE", guild.id, Gateway.GUILDS, guildCreateJson(guild), false);
    changed();
    return guild;
  }

  synchronized void removeBotFromGuild(long guildId) {
    Model.Guild guild = guild(guildId);
    ObjectNode json = Json.object().put("id", Json.id(guild.id));
    gateway.dispatch("GUILD_DELETE", guild.id, Gateway.GUILDS, json, false);
    guild.channels.keySet().forEach(channels::remove);
    guilds.remove(guildId);
    guildCommands.remove(guildId);
    changed();
  }

  synchronized String describe(Model.Channel channel) {
    return channel.type == 1 ? "the DM with " + users.get(channel.recipientId).name : "#" + channel.name;
  }
}
