package dev.cogwheel.localdiscord;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionController;

/**
 * An in-process Discord on 127.0.0.1 that the unmodified JDA client logs in to: enough of
 * Discord's v10 REST API and gateway for a bot to see its guilds, register commands, receive
 * messages and interactions, answer them and moderate, with every REST call recorded in the
 * {@link #actions() action log}.
 *
 * <pre>{@code
 * try (LocalDiscord discord = LocalDiscord.start(World.defaultWorld())) {
 *   JDA jda = discord.configure(JDABuilder.createDefault(discord.token()))
 *       .addEventListeners(new PingCog()).build().awaitReady();
 *   LocalChannel general = discord.guild().channel("general");
 *   InteractionHandle ping = discord.user("alice").invoke(general, "/ping");
 *   assertThat(ping.awaitReply(Duration.ofSeconds(5)).content()).isEqualTo("pong");
 * }
 * }</pre>
 *
 * <p>Thread-safe: JDA's threads, the driving test and a console may use it at once.
 */
public final class LocalDiscord implements AutoCloseable {

  private final WorldState world;
  private final Gateway gateway;
  private final Javalin server;
  private final OAuth2Api oauth2;
  private final String restBaseUrl;
  private final String gatewayUrl;

  private LocalDiscord(World world, History history) {
    this.world = new WorldState(world, history);
    this.gateway = this.world.gateway;
    String[] gatewayHolder = new String[1];
    RestApi rest = new RestApi(this.world, () -> gatewayHolder[0]);
    this.oauth2 = new OAuth2Api(this.world);
    try {
      this.server = Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        config.jetty.host = "127.0.0.1";
        config.jetty.port = 0;
        config.routes.ws("/gateway", ws -> {
          ws.onConnect(gateway::onConnect);
          ws.onMessage(gateway::onMessage);
          ws.onClose(gateway::onClose);
        });
        oauth2.register(config);
        rest.register(config);
      }).start();
    } catch (RuntimeException e) {
      throw new LocalDiscordException("The local Discord could not start on 127.0.0.1", e);
    }
    int port = server.port();
    this.restBaseUrl = "http://127.0.0.1:" + port + RestApi.BASE;
    this.gatewayUrl = "ws://127.0.0.1:" + port + "/gateway";
    gatewayHolder[0] = gatewayUrl;
    gateway.url(gatewayUrl);
  }

  /**
   * Starts a local Discord with {@link World#defaultWorld()} on a free port of 127.0.0.1.
   *
   * @return the running server
   * @throws LocalDiscordException when it cannot start
   */
  public static LocalDiscord start() {
    return start(World.defaultWorld());
  }

  /**
   * Starts a local Discord with the given world on a free port of 127.0.0.1.
   *
   * @param world the bot, users and guilds to start with
   * @return the running server
   * @throws LocalDiscordException when it cannot start
   */
  public static LocalDiscord start(World world) {
    return start(world, History.DEFAULT);
  }

  /**
   * Starts a local Discord with the given world, keeping as much history as given.
   *
   * @param world the bot, users and guilds to start with
   * @param history how many actions and messages it keeps, and how long interactions live
   * @return the running server
   * @throws LocalDiscordException when it cannot start
   */
  public static LocalDiscord start(World world, History history) {
    return new LocalDiscord(world, history);
  }

  /** @return the REST base URL with its {@code /api/v10/} path, for JDA's {@link RestConfig} */
  public String restBaseUrl() {
    return restBaseUrl;
  }

  /** @return the gateway's websocket URL (JDA appends {@code ?encoding=json&v=10}) */
  public String gatewayUrl() {
    return gatewayUrl;
  }

  /** @return the token the bot must log in with */
  public String token() {
    return world.token;
  }

  /**
   * Where Discord's web pages would be: {@code <base>/oauth2/authorize} is the OAuth2 authorization
   * page, {@code <base>/api/v10/oauth2/token} the token exchange.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * The OAuth2 client secret of the bot's application (its client id is {@link #botUserId()}).
   *
   * @return the secret
   */
  public String oauth2ClientSecret() {
    return oauth2.clientSecret();
  }

  /**
   * Signs a user in to the local Discord, as a browser would be: the OAuth2 authorization page then
   * consents as that user at once.
   *
   * @param username the user's name
   * @throws LocalDiscordException naming the users when there is none such
   */
  public void signInAs(String username) {
    long userId;
    synchronized (world) {
      userId = world.directory.userNamed(username).id;
    }
    oauth2.signInAs(userId);
  }

  /** @return the bot's user id, which is also its application id */
  public String botUserId() {
    return Json.id(world.directory.bot.id);
  }

  /**
   * A session controller whose gateway is this server's, connecting sessions without Discord's
   * 5 s identify delay. {@link #configure(JDABuilder)} installs it.
   *
   * @return a new session controller
   */
  public SessionController sessionController() {
    return new LocalSessionController(gatewayUrl);
  }

  /**
   * Points a JDA builder at this server: its REST base URL, a {@link #sessionController()}, and
   * no gateway compression.
   *
   * @param builder a builder made with {@link #token()}
   * @return the same builder
   */
  public JDABuilder configure(JDABuilder builder) {
    return builder
        .setRestConfig(new RestConfig().setBaseUrl(restBaseUrl))
        .setSessionController(sessionController())
        .setCompression(Compression.NONE);
  }

  /**
   * Points a shard manager builder at this server; it reads {@code GET gateway/bot} from it and
   * splits the guilds by {@code (guild_id >> 22) % shards}.
   *
   * @param builder a builder made with {@link #token()}
   * @return the same builder
   */
  public DefaultShardManagerBuilder configure(DefaultShardManagerBuilder builder) {
    return builder
        .setRestConfig(new RestConfig().setBaseUrl(restBaseUrl))
        .setSessionController(sessionController())
        .setCompression(Compression.NONE);
  }

  // ---------------------------------------------------------------- the world

  /**
   * Gets a user to act as.
   *
   * @param usernameOrId a user's name or snowflake
   * @return the user's handle
   * @throws LocalDiscordException naming the users when there is none such
   */
  public LocalUser user(String usernameOrId) {
    synchronized (world) {
      return new LocalUser(this, world, world.directory.userNamed(usernameOrId));
    }
  }

  /**
   * Adds a user who is in no guild yet (see {@link LocalUser#joinGuild(LocalGuild)}).
   *
   * @param username a new username
   * @return the user's handle
   */
  public LocalUser createUser(String username) {
    World.requireName(username, "username");
    synchronized (world) {
      return new LocalUser(this, world, world.directory.addUser(username, false));
    }
  }

  /**
   * The first of the bot's guilds, the only one in the default world.
   *
   * @return its snapshot
   * @throws LocalDiscordException when the bot is in no guild
   */
  public LocalGuild guild() {
    List<LocalGuild> guilds = guilds();
    if (guilds.isEmpty()) {
      throw new LocalDiscordException("The bot is in no guild");
    }
    return guilds.get(0);
  }

  /**
   * Gets one of the bot's guilds.
   *
   * @param nameOrId the guild's name or snowflake
   * @return its snapshot
   * @throws LocalDiscordException naming the guilds when there is none such
   */
  public LocalGuild guild(String nameOrId) {
    return findGuild(nameOrId).orElseThrow(() -> new LocalDiscordException(
        "The bot is in no guild " + nameOrId + "; its guilds: "
            + String.join(", ", guilds().stream().map(LocalGuild::name).toList())));
  }

  /**
   * Finds one of the bot's guilds.
   *
   * @param nameOrId the guild's name or snowflake
   * @return its snapshot, if the bot is in it
   */
  public Optional<LocalGuild> findGuild(String nameOrId) {
    return guilds().stream().filter(g -> g.name().equals(nameOrId) || g.id().equals(nameOrId)).findFirst();
  }

  /** @return snapshots of every guild the bot is in */
  public List<LocalGuild> guilds() {
    synchronized (world) {
      return world.directory.guilds().stream().map(world.snapshots::of).toList();
    }
  }

  /**
   * The messages of a channel: what users and the bot sent, ephemeral replies included.
   *
   * @param channel a channel snapshot
   * @return its messages, oldest first
   */
  public List<LocalMessage> messages(LocalChannel channel) {
    synchronized (world) {
      return world.snapshots.messages(Long.parseUnsignedLong(channel.id()));
    }
  }

  /** @return the bot's global commands as registered */
  public List<RegisteredCommand> globalCommands() {
    synchronized (world) {
      return world.commands.registered(0);
    }
  }

  /**
   * The bot's commands for one guild.
   *
   * @param guild the guild
   * @return its guild commands as registered
   */
  public List<RegisteredCommand> guildCommands(LocalGuild guild) {
    synchronized (world) {
      return world.commands.registered(Long.parseUnsignedLong(guild.id()));
    }
  }

  /** @return every REST call the bot made, with method, route, body and result */
  public ActionLog actions() {
    return world.actions;
  }

  /**
   * Adds the bot to a new guild: the server sends GUILD_CREATE to the shard that holds it.
   *
   * @param spec the guild, made with {@link World#guild(String, java.util.function.Consumer)}
   * @return its snapshot
   */
  public LocalGuild addBotToGuild(World.GuildSpec spec) {
    synchronized (world) {
      return world.snapshots.of(world.members.addBot(spec));
    }
  }

  /**
   * Removes the bot from a guild (GUILD_DELETE).
   *
   * @param guild the guild
   */
  public void removeBotFromGuild(LocalGuild guild) {
    synchronized (world) {
      world.members.removeBot(Long.parseUnsignedLong(guild.id()));
    }
  }

  /**
   * Deletes a channel of a guild as an admin would in Discord's client (CHANNEL_DELETE; members in
   * a deleted voice channel are disconnected, with a VOICE_STATE_UPDATE each). It is not a call of
   * the bot's, so it is not in the {@link #actions() action log}. With no bot session logged in (the
   * bot is down) nobody is told, and the bot sees the channel gone when it logs in again.
   *
   * @param channel a channel of one of the bot's guilds
   * @throws LocalDiscordException when there is no such guild channel (any more)
   */
  public void deleteChannel(LocalChannel channel) {
    long id = Long.parseUnsignedLong(channel.id());
    synchronized (world) {
      if (channel.guildId().isEmpty() || world.directory.guilds().stream().noneMatch(g -> g.channels.containsKey(id))) {
        throw new LocalDiscordException("There is no guild channel " + channel.name() + " (" + channel.id() + ") to delete");
      }
      world.channels.delete(id);
    }
  }

  /** Asks the bot's connections to reconnect (gateway op 7); JDA then resumes its sessions. */
  public void requestReconnect() {
    gateway.requestReconnect();
  }

  /** @return how many bot sessions (one per shard) are logged in */
  public int sessionCount() {
    return gateway.sessionCount();
  }

  // ---------------------------------------------------------------- waiting for the bot

  /**
   * Waits until a condition on the world holds. The probe is evaluated now, after every change to
   * the world (on the thread that made it) and every 50 ms, always under the world's lock: it may
   * read snapshots, and state outside the world such as a database, but must not wait.
   *
   * @param what what is awaited, for the timeout message
   * @param timeout how long to wait
   * @param probe gives the awaited value once there is one
   * @param <T> the awaited value's type
   * @return the value
   * @throws LocalDiscordException on timeout, naming what was awaited
   */
  public <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
    return world.waiters.await(what, timeout, probe);
  }

  /**
   * Waits for a message in a channel (already there or still to come) that matches.
   *
   * @param channel the channel
   * @param condition what the message must satisfy, e.g. {@code m -> m.fromBot()}
   * @param timeout how long to wait
   * @return the first matching message
   */
  public LocalMessage awaitMessage(LocalChannel channel, Predicate<LocalMessage> condition, Duration timeout) {
    return await("a matching message in " + channel.name(), timeout,
        () -> messages(channel).stream().filter(condition).findFirst());
  }

  /**
   * Waits for the bot's first message in a channel sent after a given message.
   *
   * @param after a message, typically one a user just sent
   * @param timeout how long to wait
   * @return the bot's message
   */
  public LocalMessage awaitBotMessageAfter(LocalMessage after, Duration timeout) {
    long afterId = Long.parseUnsignedLong(after.id());
    return await("a bot message after " + after.id(), timeout,
        () -> world.snapshots.messages(Long.parseUnsignedLong(after.channelId())).stream()
            .filter(m -> m.fromBot() && Long.parseUnsignedLong(m.id()) > afterId)
            .findFirst());
  }

  /**
   * Waits for a channel of a given name in a guild.
   *
   * @param guild the guild
   * @param name the channel's name
   * @param timeout how long to wait
   * @return the channel
   */
  public LocalChannel awaitChannel(LocalGuild guild, String name, Duration timeout) {
    return await("channel " + name + " in " + guild.name(), timeout,
        () -> guild(guild.id()).findChannel(name));
  }

  /**
   * Waits until a member of a guild matches, e.g. is in a voice channel or has a role.
   *
   * @param guild the guild
   * @param usernameOrId the member
   * @param condition what the member must satisfy
   * @param timeout how long to wait
   * @return the member as it is then
   */
  public LocalMember awaitMember(
      LocalGuild guild, String usernameOrId, Predicate<LocalMember> condition, Duration timeout) {
    return await("member " + usernameOrId + " of " + guild.name() + " to match", timeout,
        () -> findGuild(guild.id()).flatMap(g -> g.findMember(usernameOrId)).filter(condition));
  }

  /**
   * Waits until this many bot sessions (shards) have logged in.
   *
   * @param count how many sessions
   * @param timeout how long to wait
   */
  public void awaitSessions(int count, Duration timeout) {
    await(count + " bot sessions", timeout,
        () -> gateway.sessionCount() >= count ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** Closes the bot's connections and stops the server. */
  @Override
  public void close() {
    gateway.stop();
    server.stop();
  }

  @Override
  public String toString() {
    return "LocalDiscord[" + restBaseUrl + "]";
  }
}
