package dev.cogwheel.panel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cogwheel.runtime.metrics.MetricsServer;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.storage.StorableText;
import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.panel.OperatorToken;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API and the web panel, served by the bot process: {@code /api/v1/...} as JSON for
 * operators' tools, {@code /} the static panel that uses it. Every route except {@code health} and
 * {@code openapi.json} needs an operator token ({@code Authorization: Bearer cwp_...}, made with
 * {@code cogwheel panel token create}); every write is recorded in the audit log. Errors are
 * {@code {"error": "...", "field": "..."}} with a 4xx status when the request was at fault.
 *
 * <p>{@link #close()} stops the server. Thread-safe.
 */
public final class PanelServer implements AutoCloseable {

  /** The base path of the API. */
  public static final String API = "/api/v1";

  private static final Logger log = LoggerFactory.getLogger(PanelServer.class);
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ACTOR = "cogwheel.actor";
  private static final String GUILDS = "cogwheel.guilds";
  private static final List<String> OPEN = java.util.stream.Stream.concat(
      java.util.stream.Stream.of(API + "/health", API + "/openapi.json"), DiscordSignIn.openPaths().stream()).toList();
  private static final List<String> GUILD_ADMIN_ROUTES = List.of(API + "/session", API + "/config");

  /**
   * Where the panel listens, and whether guild administrators may sign in with Discord.
   *
   * @param bind the address to listen on (an IP address or host name)
   * @param port the TCP port; 0 picks a free one (tests)
   * @param discord the Discord application for "sign in with Discord"; empty: operator tokens only
   */
  public record Settings(String bind, int port, Optional<DiscordLogin> discord) {

    /** Checks the settings. */
    public Settings {
      Objects.requireNonNull(bind, "bind");
      Objects.requireNonNull(discord, "discord");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
      }
    }

    /**
     * Settings with operator tokens only.
     *
     * @param bind the address to listen on
     * @param port the TCP port
     */
    public Settings(String bind, int port) {
      this(bind, port, Optional.empty());
    }
  }

  /**
   * A Discord application's OAuth2 client, for "sign in with Discord".
   *
   * @param clientId the application's client id
   * @param clientSecret its client secret
   * @param redirectUri where Discord sends the browser back: this panel's {@code /api/v1/oauth/callback},
   *     as registered with the application
   * @param discordUrl Discord's base URL, {@code https://discord.com} (a local Discord's in tests)
   */
  public record DiscordLogin(String clientId, String clientSecret, String redirectUri, String discordUrl) {

    /** Checks the components. */
    public DiscordLogin {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      Objects.requireNonNull(redirectUri, "redirectUri");
      Objects.requireNonNull(discordUrl, "discordUrl");
    }

    /** The client without its secret. */
    @Override
    public String toString() {
      return "DiscordLogin[clientId=" + clientId + ", redirectUri=" + redirectUri + ", discordUrl=" + discordUrl + "]";
    }
  }

  /** Answers a request with what is to be sent as JSON; null when the endpoint answered itself. */
  @FunctionalInterface
  interface Endpoint {
    Object handle(Context ctx) throws Exception;
  }

  /** Registers the API's routes and remembers them, for the OpenAPI check. */
  static final class Routes {
    private final JavalinConfig config;
    private final List<String> registered = new ArrayList<>();

    Routes(JavalinConfig config) {
      this.config = config;
    }

    void add(HandlerType method, String path, Endpoint endpoint) {
      registered.add(method.name() + " " + path);
      config.routes.addHttpHandler(method, API + path, ctx -> {
        Object body = endpoint.handle(ctx);
        if (body != null) {
          send(ctx, 200, body);
        }
      });
    }
  }

  private final Javalin server;
  private final List<String> routes;

  private PanelServer(Javalin server, List<String> routes) {
    this.server = server;
    this.routes = routes;
  }

  /**
   * Starts serving.
   *
   * @param settings where to listen
   * @param manager the plugin host, for the plugin routes (the same code as {@code /plugins})
   * @param backend the storage backend: plugins' config, migrations, tokens and audit log
   * @param metrics the metrics endpoint, whose scrape {@code GET /api/v1/metrics} serves; empty when metrics are off
   * @param backupBeforeUpgrade whether an upgrade started from the panel takes a backup first
   * @return the running server
   * @throws IllegalStateException if the address cannot be listened on (in use, not this machine's)
   */
  public static PanelServer start(Settings settings, CogwheelPluginManager manager, StorageBackend backend,
      Optional<MetricsServer> metrics, boolean backupBeforeUpgrade) {
    List<String> routes = new ArrayList<>();
    Javalin server = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.startup.startupWatcherEnabled = false;
      config.jetty.host = settings.bind();
      config.jetty.port = settings.port();
      config.http.maxRequestSize = 256 * 1024;
      config.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JsonErrorHandler()));
      config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/dev/cogwheel/panel/web";
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "no-store");
      });
      config.routes.before(PanelServer::securityHeaders);
      DiscordSignIn discord = new DiscordSignIn(settings.discord());
      FailedAuthentications failures = new FailedAuthentications();
      config.routes.before(API + "/*", ctx -> authenticate(ctx, backend, discord, failures));
      Routes api = new Routes(config);
      discord.register(api);
      new PanelApi(manager, backend, metrics, backupBeforeUpgrade).register(api);
      new ConfigApi(manager, backend).register(api);
      routes.addAll(api.registered);
      for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE)) {
        config.routes.addHttpHandler(method, API + "/*", ctx -> {
          throw ApiException.notFound("path", "There is no " + method.name() + " " + ctx.path()
              + "; GET " + API + "/openapi.json lists the routes.");
        });
      }
      config.routes.exception(Exception.class, PanelServer::fail);
    });
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("the panel cannot listen on " + settings.bind() + " port " + settings.port() + ": "
          + e.getMessage(), e);
    }
    PanelServer started = new PanelServer(server, List.copyOf(routes));
    log.info("panel.started address={}:{} path={}", settings.bind(), started.port(), API);
    return started;
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    ctx.header("Cache-Control", "no-store");
  }

  private static void authenticate(Context ctx, StorageBackend backend, DiscordSignIn discord, FailedAuthentications failures) {
    if (OPEN.contains(ctx.path()) || ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    String client = ctx.ip();
    OptionalLong retryAfter = failures.retryAfter(client);
    if (retryAfter.isPresent()) {
      ctx.header("Retry-After", Long.toString(retryAfter.getAsLong()));
      throw new ApiException(429, "Authorization", "Too many failed sign-ins from this address; try again in "
          + retryAfter.getAsLong() + " s.");
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      failures.record(client, ctx.path(), "missing");
      throw new ApiException(401, "Authorization", "This route needs an operator token: send Authorization: Bearer <token>;"
          + " create one with cogwheel panel token create <name>.");
    }
    String presented = header.substring("Bearer ".length()).trim();
    if (presented.startsWith(DiscordSignIn.PREFIX)) {
      Optional<DiscordSignIn.Session> found = discord.find(presented);
      if (found.isEmpty()) {
        failures.record(client, ctx.path(), "expired_session");
      }
      DiscordSignIn.Session session = found.orElseThrow(() -> new ApiException(401, "Authorization",
          "The Discord sign-in has expired or the bot restarted; sign in again."));
      if (!GUILD_ADMIN_ROUTES.contains(ctx.path()) && !ctx.path().startsWith(API + "/config/")) {
        throw new ApiException(403, "Authorization", "Signed in with Discord, you may only read and edit the config of the"
            + " guilds you administer; everything else needs an operator token.");
      }
      ctx.attribute(ACTOR, session.actor());
      ctx.attribute(GUILDS, session.guilds());
      return;
    }
    Optional<OperatorToken> token = backend.panel().authenticate(PanelTokens.hash(presented));
    if (token.isEmpty()) {
      failures.record(client, ctx.path(), "unknown_token");
      throw new ApiException(401, "Authorization", "The operator token is not known: it was revoked or mistyped;"
          + " cogwheel panel token list shows the tokens, cogwheel panel token create makes a new one.");
    }
    ctx.attribute(ACTOR, "token:" + token.get().name());
  }

  /**
   * Who sent the request, for the audit log.
   *
   * @param ctx the request
   * @return {@code token:<name>}
   */
  static String actor(Context ctx) {
    return ctx.attribute(ACTOR);
  }

  /**
   * The guilds a Discord sign-in may edit.
   *
   * @param ctx the request
   * @return the guild ids; empty for an operator token, which may edit everything
   */
  static Optional<Set<Long>> guilds(Context ctx) {
    return Optional.ofNullable(ctx.attribute(GUILDS));
  }

  /**
   * The request's JSON object.
   *
   * @param ctx the request
   * @return the object; an empty one for an empty body
   * @throws ApiException if the body is not a JSON object
   */
  static JsonNode body(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      return MAPPER.createObjectNode();
    }
    JsonNode body;
    try {
      body = MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body", "The request body is not JSON: " + e.getOriginalMessage());
    }
    if (!body.isObject()) {
      throw ApiException.badRequest("body", "The request body must be a JSON object, such as {\"value\": \"...\"}.");
    }
    checkText(body, "");
    return body;
  }

  /** Refuses text no store can keep or no page can show, naming the field, before anything acts on it. */
  private static void checkText(JsonNode node, String path) {
    if (node.isTextual()) {
      StorableText.problem(node.asText()).ifPresent(problem -> {
        throw ApiException.badRequest(path, "The field " + path + " contains " + problem
            + ", which cannot be stored or shown; remove it.");
      });
    } else if (node.isObject()) {
      node.fields().forEachRemaining(field -> checkText(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkText(node.get(i), path + "[" + i + "]");
      }
    }
  }

  static void send(Context ctx, int status, Object body) throws JsonProcessingException {
    ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
  }

  private static void fail(Exception e, Context ctx) {
    int status;
    String field = null;
    if (e instanceof ApiException api) {
      status = api.status;
      field = api.field;
    } else if (e instanceof StorageInvalidException) {
      status = 400;
    } else if (e instanceof StorageNotFoundException) {
      status = 404;
    } else if (e instanceof StorageConflictException) {
      status = 409;
    } else if (e instanceof StorageException) {
      status = 503;
    } else {
      status = 500;
    }
    if (status >= 500) {
      log.warn("panel.request_failed method={} path={} status={}: {}", ctx.method(), ctx.path(), status, e.toString());
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", status == 500 ? "The panel failed to answer (" + e.getClass().getSimpleName() + "); the bot's log has"
        + " the details." : e.getMessage());
    error.put("field", field);
    try {
      send(ctx, status, error);
    } catch (JsonProcessingException impossible) {
      ctx.status(500);
    }
  }

  /**
   * The port listened on (the one picked, when started with port 0).
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * The API's routes, as {@code METHOD /path} under {@link #API}.
   *
   * @return the routes, in registration order
   */
  List<String> routes() {
    return routes;
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.stop();
  }
}
