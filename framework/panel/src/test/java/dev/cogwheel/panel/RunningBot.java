package dev.cogwheel.panel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.runtime.discord.Bot;
import dev.cogwheel.runtime.discord.CommandSync;
import dev.cogwheel.runtime.metrics.MetricsServer;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.PluginJars;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A bot as {@code cogwheel run} starts it with the panel on: the real JDA client on the local
 * Discord, the plugin host with the {@code hello} cog (a greeting it keeps up to date from its config
 * change listener) and the {@code ledger} cog (a destructive changeset waiting for approval), metrics,
 * and the panel on a free port of 127.0.0.1 with one operator token.
 */
final class RunningBot implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * The greeting comes from a map that only the config change listener updates after the first read,
   * so the reply changes only if the listener fired; shout and times are read through the cache.
   */
  static final String HELLO = """
      dev.cogwheel.storage.config.ConfigStore config = context.storage().config();
      dev.cogwheel.storage.config.ConfigKey<String> greeting = dev.cogwheel.storage.config.ConfigKey
          .builder("greeting", dev.cogwheel.storage.config.ConfigType.STRING).defaultValue("Hello")
          .description("How the bot greets").rule(dev.cogwheel.storage.config.ConfigRule.maxLength(40)).build();
      dev.cogwheel.storage.config.ConfigKey<Boolean> shout = dev.cogwheel.storage.config.ConfigKey
          .builder("shout", dev.cogwheel.storage.config.ConfigType.BOOLEAN).defaultValue(false).description("Greet in capitals").build();
      dev.cogwheel.storage.config.ConfigKey<Integer> times = dev.cogwheel.storage.config.ConfigKey
          .builder("times", dev.cogwheel.storage.config.ConfigType.INTEGER).defaultValue(1).description("How many times")
          .rule(dev.cogwheel.storage.config.ConfigRule.between(1, 3)).build();
      config.register(greeting, shout, times);
      Map<Long, String> greetings = new java.util.concurrent.ConcurrentHashMap<>();
      config.addListener(e -> {
        if (e.key().equals("greeting") && e.scope() instanceof dev.cogwheel.storage.config.ConfigScope.Guild g) {
          greetings.put(g.guildId(), config.get(greeting, e.scope()));
        }
      });
      context.commands().register(SlashCommand.builder("hello", "Greets you").guildOnly().handler(c -> {
        dev.cogwheel.storage.config.ConfigScope guild = dev.cogwheel.storage.config.ConfigScope.guild(c.guildId().getAsLong());
        String text = greetings.computeIfAbsent(c.guildId().getAsLong(), id -> config.get(greeting, guild));
        text = config.get(shout, guild) ? text.toUpperCase(Locale.ROOT) : text;
        c.reply(String.join(" ", Collections.nCopies(config.get(times, guild), text)));
      }).build());
      """;

  final LocalDiscord discord;
  final StorageBackend backend;
  final CogwheelPluginManager manager;
  final MetricsServer metrics;
  final Bot bot;
  final PanelServer panel;
  final String token;
  final LocalGuild guild;
  final LocalChannel general;
  final LocalUser bob;
  private final HttpClient http = HttpClient.newHttpClient();

  RunningBot(TestSchema schema, Path plugins) throws Exception {
    this(schema, plugins, false);
  }

  /** With {@code discordSignIn}, the panel lets guild administrators sign in with the local Discord's OAuth2. */
  RunningBot(TestSchema schema, Path plugins, boolean discordSignIn) throws Exception {
    PluginBuilder.plugin("hello").property("plugin.userData", "nothing about users").cog(HELLO).jar(plugins);
    PluginBuilder.plugin("ledger").changelog(PluginJars.additiveThenDestructive("ledger")).cog("").jar(plugins);
    discord = LocalDiscord.start(World.defaultWorld());
    guild = discord.guild();
    general = guild.channel("general");
    bob = discord.user("bob");
    backend = Hosts.backend(schema);
    manager = Hosts.manager(plugins, backend);
    metrics = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0));
    bot = Bot.start(Bot.Settings.builder(discord.token()).owners(Set.of(Long.parseLong(discord.user("alice").id())))
        .backupBeforeUpgrade(false).build(), backend, manager, discord::configure);
    int port = 0;
    Optional<PanelServer.DiscordLogin> login = Optional.empty();
    if (discordSignIn) {
      // The redirect URI names the panel's port, so it is chosen before the panel starts.
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      login = Optional.of(new PanelServer.DiscordLogin(discord.botUserId(), discord.oauth2ClientSecret(),
          "http://127.0.0.1:" + port + PanelServer.API + "/oauth/callback", discord.baseUrl()));
    }
    panel = PanelServer.start(new PanelServer.Settings("127.0.0.1", port, login), manager, backend, Optional.of(metrics), false);
    token = PanelTokens.generate();
    backend.panel().createToken("tests", PanelTokens.hash(token), "test:setup");
  }

  String url() {
    return "http://127.0.0.1:" + panel.port();
  }

  String guildId() {
    return guild.id();
  }

  /** What bob's {@code /hello} in #general is answered with. */
  String hello() {
    return bob.invoke(general, "/hello").awaitReply(WAIT).content();
  }

  /** An API response: its status, body and headers. */
  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return PanelServer.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Response call(String method, String path, String body) {
    return call(method, path, body, token);
  }

  Response call(String method, String path, String body, String withToken) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + PanelServer.API + path)).timeout(WAIT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (withToken != null) {
      request.header("Authorization", "Bearer " + withToken);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    for (AutoCloseable resource : new AutoCloseable[] {panel, bot, backend, metrics, discord}) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
