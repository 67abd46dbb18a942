package dev.cogwheel.panel;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.dv8tion.jda.api.Permission;

/**
 * "Sign in with Discord" (OAuth2 authorization code grant, scopes {@code identify guilds}): a guild's
 * administrators (its owner, or a member with Administrator or Manage Server) get a session that may
 * read and edit the config of those guilds only. Sessions live in this process's memory for 12 hours;
 * a restart signs everyone out.
 *
 * <p>Every step is bound to the browser that started it, so nobody can sign someone else in as
 * themselves (login CSRF): {@code /oauth/login} sets an HttpOnly cookie holding a random nonce and
 * remembers it with the OAuth {@code state}; the callback accepts the state only with that cookie,
 * and hands the session over as a one-time code in the page's fragment ({@code /#signin=...}), which
 * {@code POST /oauth/session} exchanges for the session only with the same cookie, once, within a
 * minute. The session itself never appears in a URL, a redirect or a log. Pending sign-ins, hand-overs
 * and sessions are bounded (each at most {@value #MAX_PENDING}); the oldest go first.
 */
final class DiscordSignIn {

  /** What a Discord session's token starts with; operator tokens start with {@link PanelTokens#PREFIX}. */
  static final String PREFIX = "cws_";

  /** The cookie binding a sign-in to the browser that started it. */
  static final String COOKIE = "cogwheel_signin";

  /** The most sign-ins pending, hand-overs waiting and sessions open at once. */
  static final int MAX_PENDING = 10_000;

  private static final Duration SESSION = Duration.ofHours(12);
  private static final Duration STATE = Duration.ofMinutes(10);
  private static final Duration HANDOVER = Duration.ofMinutes(1);
  private static final String COOKIE_PATH = PanelServer.API + "/oauth";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A signed-in guild administrator. */
  record Session(String actor, Set<Long> guilds, Instant expires) {}

  /** A session waiting to be collected by the browser whose nonce it carries. */
  private record Handover(String token, String nonce) {}

  private final Optional<PanelServer.DiscordLogin> login;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Cache<String, String> states = bounded(STATE);
  private final Cache<String, Handover> handovers = bounded(HANDOVER);
  private final Cache<String, Session> sessions = bounded(SESSION);

  DiscordSignIn(Optional<PanelServer.DiscordLogin> login) {
    this.login = login;
  }

  void register(PanelServer.Routes routes) {
    routes.add(GET, "/oauth", ctx -> Map.of("enabled", login.isPresent()));
    routes.add(GET, "/oauth/login", this::start);
    routes.add(GET, "/oauth/callback", this::callback);
    routes.add(POST, "/oauth/session", this::collect);
  }

  /** The paths a browser reaches before it has a session. */
  static List<String> openPaths() {
    return List.of(PanelServer.API + "/oauth", PanelServer.API + "/oauth/login", PanelServer.API + "/oauth/callback",
        PanelServer.API + "/oauth/session");
  }

  /**
   * The session a token names.
   *
   * @param token a {@code cws_} token
   * @return the session, unless unknown or expired
   */
  Optional<Session> find(String token) {
    return Optional.ofNullable(sessions.getIfPresent(token));
  }

  private PanelServer.DiscordLogin login() {
    return login.orElseThrow(() -> ApiException.notFound("oauth", "Sign-in with Discord is off: set panel.oauth.client-id,"
        + " panel.oauth.client-secret and panel.oauth.redirect-uri to turn it on; operator tokens always work."));
  }

  private Object start(Context ctx) {
    PanelServer.DiscordLogin discord = login();
    String state = random();
    String nonce = random();
    states.put(state, nonce);
    ctx.cookie(cookie(ctx, nonce, (int) STATE.toSeconds()));
    ctx.redirect(discord.discordUrl() + "/oauth2/authorize?response_type=code&scope=identify%20guilds"
        + "&client_id=" + encode(discord.clientId()) + "&redirect_uri=" + encode(discord.redirectUri()) + "&state=" + state);
    return null;
  }

  private Object callback(Context ctx) throws IOException, InterruptedException {
    PanelServer.DiscordLogin discord = login();
    String state = ctx.queryParam("state");
    String nonce = state == null ? null : states.asMap().remove(state);
    if (nonce == null) {
      throw ApiException.badRequest("state", "This sign-in link is unknown or older than 10 minutes; start again from the panel.");
    }
    if (!sameBrowser(ctx, nonce)) {
      throw ApiException.badRequest("state", "This sign-in was started in another browser (or this one refuses cookies):"
          + " start again from the panel, in the browser you want to use it in.");
    }
    String code = ctx.queryParam("code");
    if (code == null || code.isBlank()) {
      throw ApiException.badRequest("code", "Discord did not authorise the sign-in" + (ctx.queryParam("error") == null ? ""
          : " (" + ctx.queryParam("error") + ")") + "; start again from the panel.");
    }
    JsonNode token = discord("POST", discord.discordUrl() + "/api/v10/oauth2/token", null, "grant_type=authorization_code&code="
        + encode(code) + "&redirect_uri=" + encode(discord.redirectUri()) + "&client_id=" + encode(discord.clientId())
        + "&client_secret=" + encode(discord.clientSecret()));
    String access = token.path("access_token").asText();
    JsonNode me = discord("GET", discord.discordUrl() + "/api/v10/oauth2/@me", access, null).path("user");
    Set<Long> guilds = new LinkedHashSet<>();
    for (JsonNode guild : discord("GET", discord.discordUrl() + "/api/v10/users/@me/guilds", access, null)) {
      EnumSet<Permission> permissions = Permission.getPermissions(Long.parseLong(guild.path("permissions").asText("0")));
      if (guild.path("owner").asBoolean() || permissions.contains(Permission.ADMINISTRATOR)
          || permissions.contains(Permission.MANAGE_SERVER)) {
        guilds.add(Long.parseUnsignedLong(guild.path("id").asText()));
      }
    }
    String session = PREFIX + random();
    sessions.put(session, new Session("discord:" + me.path("username").asText("?"), Set.copyOf(guilds), Instant.now().plus(SESSION)));
    String handover = random();
    handovers.put(handover, new Handover(session, nonce));
    ctx.redirect("/#signin=" + handover);
    return null;
  }

  /** Exchanges a hand-over code for the session, once, in the browser that signed in. */
  private Object collect(Context ctx) {
    String code = PanelServer.body(ctx).path("code").asText("");
    Handover handover = code.isEmpty() ? null : handovers.asMap().remove(code);
    if (handover == null) {
      throw ApiException.badRequest("code", "This sign-in code is unknown, used or older than a minute; sign in again.");
    }
    if (!sameBrowser(ctx, handover.nonce())) {
      sessions.invalidate(handover.token());
      throw ApiException.badRequest("code", "This sign-in code belongs to another browser: sign in again from the panel.");
    }
    ctx.cookie(cookie(ctx, "", 0));
    Session session = sessions.getIfPresent(handover.token());
    if (session == null) {
      throw ApiException.badRequest("code", "This sign-in has expired; sign in again.");
    }
    return Map.of("session", handover.token(), "actor", session.actor(), "guilds",
        session.guilds().stream().map(String::valueOf).toList());
  }

  private static boolean sameBrowser(Context ctx, String nonce) {
    String presented = ctx.cookie(COOKIE);
    return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
        nonce.getBytes(StandardCharsets.US_ASCII));
  }

  /** HttpOnly, sent only to the sign-in routes, Lax so that Discord's redirect back carries it, Secure over HTTPS. */
  private static Cookie cookie(Context ctx, String value, int maxAgeSeconds) {
    boolean https = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    return new Cookie(COOKIE, value, COOKIE_PATH, maxAgeSeconds, https, true, null, SameSite.LAX);
  }

  private static <V> Cache<String, V> bounded(Duration lifetime) {
    return Caffeine.newBuilder().maximumSize(MAX_PENDING).expireAfterWrite(lifetime).build();
  }

  private JsonNode discord(String method, String url, String bearer, String form) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
        .header("User-Agent", "Cogwheel panel");
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new ApiException(502, "code", "Discord refused the sign-in (HTTP " + response.statusCode() + " from "
          + URI.create(url).getPath() + "); check panel.oauth.client-id, panel.oauth.client-secret and that"
          + " panel.oauth.redirect-uri is one of the application's redirects in Discord's developer portal.");
    }
    return PanelServer.MAPPER.readTree(response.body());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
