package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of Discord's OAuth2 a web panel's "sign in with Discord" uses: the authorization page
 * (which consents at once, as the user {@link LocalDiscord#signInAs} named), the code-for-token
 * exchange, {@code GET oauth2/@me} and {@code GET users/@me/guilds} with the user's bearer token. The
 * application's client id is the bot's application id; its secret is {@link LocalDiscord#oauth2ClientSecret()}.
 */
final class OAuth2Api {

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Grant(long userId, String redirectUri, String scope) {}

  private final WorldState world;
  private final String clientSecret = random();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private volatile Long signedIn;

  OAuth2Api(WorldState world) {
    this.world = world;
  }

  String clientSecret() {
    return clientSecret;
  }

  void signInAs(long userId) {
    signedIn = userId;
  }

  void register(JavalinConfig config) {
    config.routes.get("/oauth2/authorize", this::authorize);
    config.routes.post(RestApi.BASE + "oauth2/token", this::token);
    config.routes.get(RestApi.BASE + "oauth2/@me", ctx -> {
      Grant grant = bearer(ctx);
      ObjectNode json = Json.object().put("expires", "2999-01-01T00:00:00+00:00");
      json.putObject("application").put("id", Json.id(world.directory.applicationId()));
      synchronized (world) {
        json.set("user", world.payloads.userJson(world.directory.user(grant.userId())));
      }
      json.set("scopes", Json.array().addAll(List.of(grant.scope().split(" ")).stream()
          .map(s -> Json.MAPPER.getNodeFactory().textNode(s)).toList()));
      send(ctx, 200, json);
    });
    config.routes.get(RestApi.BASE + "users/@me/guilds", ctx -> {
      Grant grant = bearer(ctx);
      if (!List.of(grant.scope().split(" ")).contains("guilds")) {
        throw new DiscordError(403, 50001, "Missing Access: the token lacks the guilds scope");
      }
      ArrayNode guilds = Json.array();
      synchronized (world) {
        for (Model.Guild guild : world.directory.guilds()) {
          Model.Member member = guild.members.get(grant.userId());
          if (member != null) {
            guilds.addObject().put("id", Json.id(guild.id)).put("name", guild.name).put("owner", guild.ownerId == grant.userId())
                .put("permissions", Long.toString(GuildPermissions.of(guild, member)));
          }
        }
      }
      send(ctx, 200, guilds);
    });
    config.routes.exception(DiscordError.class, (e, ctx) -> {
      ctx.status(e.status).contentType("application/json").result(Json.write(Json.object().put("message", e.getMessage())
          .put("code", e.code)));
    });
  }

  private void authorize(Context ctx) {
    String redirect = ctx.queryParam("redirect_uri");
    if (!Json.id(world.directory.applicationId()).equals(ctx.queryParam("client_id")) || redirect == null
        || !"code".equals(ctx.queryParam("response_type"))) {
      throw new DiscordError(400, 50035, "Invalid OAuth2 request: client_id, redirect_uri and response_type=code are required");
    }
    Long user = signedIn;
    if (user == null) {
      throw new DiscordError(401, 0, "Nobody is signed in to the local Discord: call LocalDiscord.signInAs first");
    }
    String code = random();
    codes.put(code, new Grant(user, redirect, String.valueOf(ctx.queryParam("scope"))));
    String state = ctx.queryParam("state");
    ctx.redirect(redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
        + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)));
  }

  private void token(Context ctx) {
    String clientId = ctx.formParam("client_id");
    String secret = ctx.formParam("client_secret");
    String basic = ctx.header("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      clientId = pair[0];
      secret = pair.length == 2 ? pair[1] : "";
    }
    if (!Json.id(world.directory.applicationId()).equals(clientId) || !clientSecret.equals(secret)) {
      send(ctx, 401, Json.object().put("error", "invalid_client"));
      return;
    }
    Grant grant = ctx.formParam("code") == null ? null : codes.remove(ctx.formParam("code"));
    if (!"authorization_code".equals(ctx.formParam("grant_type")) || grant == null
        || !grant.redirectUri().equals(ctx.formParam("redirect_uri"))) {
      send(ctx, 400, Json.object().put("error", "invalid_grant"));
      return;
    }
    String token = random();
    tokens.put(token, grant);
    send(ctx, 200, Json.object().put("access_token", token).put("token_type", "Bearer").put("expires_in", 604_800)
        .put("refresh_token", random()).put("scope", grant.scope()));
  }

  private Grant bearer(Context ctx) {
    String header = ctx.header("Authorization");
    Grant grant = header != null && header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
    if (grant == null) {
      throw new DiscordError(401, 0, "401: Unauthorized");
    }
    return grant;
  }

  private static void send(Context ctx, int status, com.fasterxml.jackson.databind.JsonNode json) {
    ctx.status(status).contentType("application/json").result(Json.write(json));
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
