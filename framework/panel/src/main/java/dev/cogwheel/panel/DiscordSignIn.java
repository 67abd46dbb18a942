package dev.cogwheel.panel;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.Permission;

/**
 * "Sign in with Discord" (OAuth2 authorization code grant, scopes {@code identify guilds}): a guild's
 * administrators (its owner, or a member with Administrator or Manage Server) get a session that may
 * read and edit the config of those guilds only. Sessions live in this process's memory for 12 hours;
 * a restart signs everyone out.
 */
final class DiscordSignIn {

  /** What a Discord session's token starts with; operator tokens start with {@link PanelTokens#PREFIX}. */
  static final String PREFIX = "cws_";

  private static final Duration SESSION = Duration.ofHours(12);
  private static final Duration STATE = Duration.ofMinutes(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A signed-in guild administrator. */
  record Session(String actor, Set<Long> guilds, Instant expires) {}

  private final Optional<PanelServer.DiscordLogin> login;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, Instant> states = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  DiscordSignIn(Optional<PanelServer.DiscordLogin> login) {
    this.login = login;
  }

  void register(PanelServer.Routes routes) {
    routes.add(GET, "/oauth", ctx -> Map.of("enabled", login.isPresent()));
    routes.add(GET, "/oauth/login", this::start);
    routes.add(GET, "/oauth/callback", this::callback);
  }

  /**
   * The session a token names.
   *
   * @param token a {@code cws_} token
   * @return the session, unless unknown or expired
   */
  Optional<Session> find(String token) {
    Session session = sessions.get(token);
    if (session != null && session.expires().isBefore(Instant.now())) {
      sessions.remove(token);
      return Optional.empty();
    }
    return Optional.ofNullable(session);
  }

  private PanelServer.DiscordLogin login() {
    return login.orElseThrow(() -> ApiException.notFound("oauth", "Sign-in with Discord is off: set panel.oauth.client-id,"
        + " panel.oauth.client-secret and panel.oauth.redirect-uri to turn it on; operator tokens always work."));
  }

  private Object start(Context ctx) {
    PanelServer.DiscordLogin discord = login();
    Instant now = Instant.now();
    states.values().removeIf(expires -> expires.isBefore(now));
    sessions.values().removeIf(s -> s.expires().isBefore(now));
    String state = random();
    states.put(state, now.plus(STATE));
    ctx.redirect(discord.discordUrl() + "/oauth2/authorize?response_type=code&scope=identify%20guilds"
        + "&client_id=" + encode(discord.clientId()) + "&redirect_uri=" + encode(discord.redirectUri()) + "&state=" + state);
    return null;
  }

  private Object callback(Context ctx) throws IOException, InterruptedException {
    PanelServer.DiscordLogin discord = login();
    String state = ctx.queryParam("state");
    Instant expires = state == null ? null : states.remove(state);
    if (expires == null || expires.isBefore(Instant.now())) {
      throw ApiException.badRequest("state", "This sign-in link is unknown or older than 10 minutes; start again from the panel.");
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
    ctx.redirect("/#session=" + session);
    return null;
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
