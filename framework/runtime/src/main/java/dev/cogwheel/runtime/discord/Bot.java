package dev.cogwheel.runtime.discord;

import dev.cogwheel.runtime.builtin.BuiltinCommands;
import dev.cogwheel.runtime.builtin.MyData;
import dev.cogwheel.runtime.command.CommandDispatcher;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.storage.spi.StorageBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The bot: the plugin host connected to Discord through JDA's ShardManager, with the host's own
 * commands, the one listener, command sync at startup and after every plugin change, and guild
 * initialisation. Several processes can share one database, each running a range of the shards.
 *
 * <p>{@link #close()} stops taking commands, drains the plugins' work, stops them and shuts JDA
 * down; the storage backend belongs to the caller.
 */
public final class Bot implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Bot.class);

  /** Idle HTTP connections JDA's client keeps for reuse (JDA's default: 5), and its asynchronous calls per host (JDA's: 25). */
  static final int HTTP_IDLE_CONNECTIONS = 64;
  /** How long an idle HTTP connection is kept (JDA's default). */
  static final Duration HTTP_KEEP_ALIVE = Duration.ofSeconds(10);

  /**
   * How the bot connects. Build it with {@link #builder(String)}.
   *
   * @param token the bot token
   * @param owners the Discord ids of the bot's owners (owner-only commands)
   * @param syncScope global or per-guild command registration
   * @param totalShards the shards of the whole bot
   * @param shardIds the shards this process runs; empty for all of them
   * @param intents the gateway intents (privileged ones must be enabled in Discord's developer portal)
   * @param backupBeforeUpgrade whether {@code /db upgrade} backs up first
   */
  public record Settings(String token, Set<Long> owners, CommandSync.Scope syncScope, int totalShards, List<Integer> shardIds,
      Set<GatewayIntent> intents, boolean backupBeforeUpgrade) {

    /** Checks the settings. */
    public Settings {
      Objects.requireNonNull(token, "token");
      owners = Set.copyOf(owners);
      Objects.requireNonNull(syncScope, "syncScope");
      if (totalShards < 1) {
        throw new IllegalArgumentException("totalShards must be at least 1, got " + totalShards);
      }
      shardIds = List.copyOf(shardIds);
      intents = intents.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(intents));
    }

    /**
     * A builder with the defaults: no owners, global command sync, one shard run by this process, the
     * {@linkplain #defaultIntents() default intents}, a backup before {@code /db upgrade}.
     *
     * @param token the bot token
     * @return the builder
     */
    public static Builder builder(String token) {
      return new Builder(token);
    }

    /**
     * A builder that starts from these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
      return builder(token).owners(owners).syncScope(syncScope).shards(totalShards, shardIds).intents(intents)
          .backupBeforeUpgrade(backupBeforeUpgrade);
    }

    /** Builds {@link Settings}; each setter's meaning is the record component's of the same name. */
    public static final class Builder {

      private String token;
      private Set<Long> owners = Set.of();
      private CommandSync.Scope syncScope = CommandSync.Scope.GLOBAL;
      private int totalShards = 1;
      private List<Integer> shardIds = List.of();
      private Set<GatewayIntent> intents = defaultIntents();
      private boolean backupBeforeUpgrade = true;

      private Builder(String token) {
        this.token = token;
      }

      /** Sets {@link Settings#token()}. */
      public Builder token(String value) {
        token = value;
        return this;
      }

      /** Sets {@link Settings#owners()}. */
      public Builder owners(Set<Long> value) {
        owners = value;
        return this;
      }

      /** Sets {@link Settings#syncScope()}. */
      public Builder syncScope(CommandSync.Scope value) {
        syncScope = value;
        return this;
      }

      /** Sets {@link Settings#totalShards()} and {@link Settings#shardIds()}. */
      public Builder shards(int total, List<Integer> ids) {
        totalShards = total;
        shardIds = ids;
        return this;
      }

      /** Sets {@link Settings#intents()}. */
      public Builder intents(Set<GatewayIntent> value) {
        intents = value;
        return this;
      }

      /** Sets {@link Settings#backupBeforeUpgrade()}. */
      public Builder backupBeforeUpgrade(boolean value) {
        backupBeforeUpgrade = value;
        return this;
      }

      /**
       * The settings.
       *
       * @return the checked settings
       * @throws IllegalArgumentException if there is no shard
       */
      public Settings build() {
        return new Settings(token, owners, syncScope, totalShards, shardIds, intents, backupBeforeUpgrade);
      }
    }

    /** The intents a bot needs for the bundled cogs: the unprivileged ones, members and message content. */
    public static Set<GatewayIntent> defaultIntents() {
      EnumSet<GatewayIntent> intents = EnumSet.copyOf(GatewayIntent.getIntents(GatewayIntent.DEFAULT));
      intents.add(GatewayIntent.GUILD_MEMBERS);
      intents.add(GatewayIntent.MESSAGE_CONTENT);
      return intents;
    }
  }

  private final CogwheelPluginManager manager;
  private final ShardManager shards;
  private final CommandSync sync;
  private final Settings settings;

  private Bot(CogwheelPluginManager manager, ShardManager shards, CommandSync sync, Settings settings) {
    this.manager = manager;
    this.shards = shards;
    this.sync = sync;
    this.settings = settings;
  }

  /**
   * Starts the plugins, connects to Discord, waits until every shard of this process is ready, and
   * syncs the commands.
   *
   * @param settings how to connect
   * @param backend the instance's storage
   * @param manager the plugin host, not started yet
   * @param configure a last change to the ShardManager builder (the local Discord's endpoints)
   * @return the running bot
   * @throws InterruptedException if interrupted while waiting for the shards
   */
  public static Bot start(Settings settings, StorageBackend backend, CogwheelPluginManager manager,
      UnaryOperator<DefaultShardManagerBuilder> configure) throws InterruptedException {
    MentionDefaults.apply();
    CommandDispatcher dispatcher = manager.commands();
    List<Bot> self = new ArrayList<>(1);
    CommandSync sync = new CommandSync(() -> dispatcher.commands().stream().map(CommandDispatcher.RegisteredCommand::command).toList(),
        settings.syncScope());
    MyData myData = new MyData(manager, backend);
    BuiltinCommands builtins = new BuiltinCommands(manager, backend, myData,
        () -> self.isEmpty() ? "starting" : self.get(0).shardSummary(),
        force -> self.isEmpty() ? "The bot is still starting." : self.get(0).syncNow(force), settings.backupBeforeUpgrade());
    builtins.commands().forEach(dispatcher::registerHostCommand);
    manager.startAll();
    DiscordListener listener = new DiscordListener(manager, settings.owners(), new GuildInitializer(manager, backend), sync, builtins);
    DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.create(settings.token(), settings.intents())
        .setShardsTotal(settings.totalShards())
        .setMemberCachePolicy(MemberCachePolicy.VOICE.or(MemberCachePolicy.OWNER))
        .disableCache(withoutTheirIntent(settings.intents()))
        .addEventListeners(listener)
        .setHttpClientBuilder(httpClient());
    if (!settings.shardIds().isEmpty()) {
      builder.setShards(settings.shardIds());
    }
    // JDA fills the building thread's MDC with shard keys; the caller's thread is not a shard's.
    Map<String, String> callersContext = MDC.getCopyOfContextMap();
    ShardManager shards = configure.apply(builder).build();
    Bot bot = new Bot(manager, shards, sync, settings);
    self.add(bot);
    for (JDA shard : shards.getShards()) {
      shard.awaitReady();
    }
    if (callersContext == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(callersContext);
    }
    manager.discordReady(shards);
    log.info("bot.ready shards={}", bot.shardSummary());
    bot.syncNow(false);
    manager.onChange(() -> bot.syncNow(false));
    return bot;
  }

  /**
   * JDA's HTTP client, as JDA builds it but with a connection pool sized for a bot that answers
   * many interactions at once. JDA's own keeps at most 5 idle connections, while its rate limiter sends the requests of
   * different buckets (every interaction has its own) in parallel: with more than 5 in flight, the
   * connections beyond 5 were closed as soon as they were idle and new ones opened for the next
   * requests, a TCP (and, on Discord, TLS) handshake per request. Discord's own limits are
   * untouched: they are enforced by JDA's rate limiter, before a request reaches the client.
   */
  static OkHttpClient.Builder httpClient() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(HTTP_IDLE_CONNECTIONS);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(HTTP_IDLE_CONNECTIONS, HTTP_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS));
  }

  /** The cache flags whose gateway intent is not asked for: JDA would disable them with a warning each. */
  private static EnumSet<CacheFlag> withoutTheirIntent(Set<GatewayIntent> intents) {
    EnumSet<CacheFlag> flags = EnumSet.noneOf(CacheFlag.class);
    for (CacheFlag flag : CacheFlag.values()) {
      if (flag.getRequiredIntent() != null && !intents.contains(flag.getRequiredIntent())) {
        flags.add(flag);
      }
    }
    return flags;
  }

  /**
   * Syncs the commands with Discord: globally from the process that runs shard 0, or per guild from
   * every shard.
   *
   * @param force push even when nothing differs
   * @return a line saying what was done
   */
  public String syncNow(boolean force) {
    int compared = 0;
    int pushed = 0;
    for (JDA shard : shards.getShards()) {
      if (settings.syncScope() == CommandSync.Scope.GLOBAL && shard.getShardInfo().getShardId() != 0) {
        continue;
      }
      CommandSync.Result result = sync.sync(shard, force);
      compared += result.compared();
      pushed += result.pushed();
    }
    return "Compared " + compared + " command set(s) with Discord, pushed " + pushed + ".";
  }

  /**
   * This process's shards and their state.
   *
   * @return for example {@code 0/2 CONNECTED, 1/2 CONNECTED}
   */
  public String shardSummary() {
    return shards.getShards().stream()
        .map(s -> s.getShardInfo().getShardId() + "/" + s.getShardInfo().getShardTotal() + " " + s.getStatus())
        .collect(Collectors.joining(", "));
  }

  /**
   * The JDA sessions of this process.
   *
   * @return the shard manager
   */
  public ShardManager shards() {
    return shards;
  }

  /** Drains and stops the plugins, then disconnects from Discord. */
  @Override
  public void close() {
    manager.close();
    shards.shutdown();
  }
}
