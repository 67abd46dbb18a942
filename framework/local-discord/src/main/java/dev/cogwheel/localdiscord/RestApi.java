package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST side of the local Discord: the v10 routes a bot's cogs use, each answered from and
 * applied to the {@link WorldState}, and each recorded in its {@link ActionLog}. A route the server
 * does not emulate answers 404 and is logged as a warning, so a test sees it.
 */
final class RestApi {

  static final String BASE = "/api/v10/";

  private static final Logger log = LoggerFactory.getLogger(RestApi.class);

  private final WorldState world;
  private final Supplier<String> gatewayUrl;

  RestApi(WorldState world, Supplier<String> gatewayUrl) {
    this.world = world;
    this.gatewayUrl = gatewayUrl;
  }

  @FunctionalInterface
  interface Handler {
    /** Answers a call; null means 204 No Content. */
    JsonNode handle(Call call);
  }

  record Call(Context ctx, JsonNode body) {
    long id(String param) {
      String value = ctx.pathParam(param);
      try {
        return Long.parseUnsignedLong(value);
      } catch (NumberFormatException e) {
        throw new DiscordError(400, 50035, "Invalid Form Body: value \"" + value + "\" is not snowflake.");
      }
    }

    String param(String param) {
      return ctx.pathParam(param);
    }
  }

  void register(JavalinConfig config) {
    HandlerType get = HandlerType.GET;
    HandlerType post = HandlerType.POST;
    HandlerType put = HandlerType.PUT;
    HandlerType patch = HandlerType.PATCH;
    HandlerType delete = HandlerType.DELETE;

    bot(config, get, "gateway", c -> Json.object().put("url", gatewayUrl.get()));
    bot(config, get, "gateway/bot", c -> {
      ObjectNode json = Json.object().put("url", gatewayUrl.get()).put("shards", 1);
      json.putObject("session_start_limit")
          .put("total", 1000).put("remaining", 1000).put("reset_after", 0).put("max_concurrency", 16);
      return json;
    });
    bot(config, get, "users/@me", c -> world.payloads.selfJson());
    bot(config, post, "users/@me/channels", c -> world.payloads.channelJson(world.directory.dmChannel(Json.snowflake(c.body(), "recipient_id"))));
    bot(config, get, "users/{user_id}", c -> world.payloads.userJson(world.directory.user(c.id("user_id"))));

    bot(config, get, "applications/{application_id}/commands", c -> world.commands.json(0));
    bot(config, put, "applications/{application_id}/commands", c -> world.commands.put(0, c.body()));
    bot(config, post, "applications/{application_id}/commands", c -> world.commands.upsert(0, c.body()));
    bot(config, get, "applications/{application_id}/commands/{command_id}",
        c -> world.commands.get(0, c.id("command_id")).json.deepCopy());
    bot(config, patch, "applications/{application_id}/commands/{command_id}",
        c -> world.commands.edit(0, c.id("command_id"), c.body()));
    bot(config, delete, "applications/{application_id}/commands/{command_id}", c -> {
      world.commands.delete(0, c.id("command_id"));
      return null;
    });
    bot(config, get, "applications/{application_id}/guilds/{guild_id}/commands",
        c -> world.commands.json(world.directory.guild(c.id("guild_id")).id));
    bot(config, put, "applications/{application_id}/guilds/{guild_id}/commands",
        c -> world.commands.put(c.id("guild_id"), c.body()));
    bot(config, post, "applications/{application_id}/guilds/{guild_id}/commands",
        c -> world.commands.upsert(c.id("guild_id"), c.body()));
    bot(config, get, "applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        c -> world.commands.get(c.id("guild_id"), c.id("command_id")).json.deepCopy());
    bot(config, patch, "applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        c -> world.commands.edit(c.id("guild_id"), c.id("command_id"), c.body()));
    bot(config, delete, "applications/{application_id}/guilds/{guild_id}/commands/{command_id}", c -> {
      world.commands.delete(c.id("guild_id"), c.id("command_id"));
      return null;
    });

    open(config, post, "interactions/{interaction_id}/{interaction_token}/callback", c -> {
      JsonNode response = world.interactions.callback(
          c.id("interaction_id"), c.param("interaction_token"), c.body());
      return "true".equals(c.ctx().queryParam("with_response")) ? response : null;
    });
    open(config, post, "webhooks/{application_id}/{interaction_token}",
        c -> world.interactions.followUp(c.id("application_id"), c.param("interaction_token"), c.body()));
    open(config, get, "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
        c -> world.interactions.webhookMessage(c.id("application_id"), c.param("interaction_token"), c.param("message_id"))
            .json.deepCopy());
    open(config, patch, "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
        c -> world.interactions.editWebhookMessage(
            c.id("application_id"), c.param("interaction_token"), c.param("message_id"), c.body()));
    open(config, delete, "webhooks/{application_id}/{interaction_token}/messages/{message_id}", c -> {
      world.interactions.deleteWebhookMessage(c.id("application_id"), c.param("interaction_token"), c.param("message_id"));
      return null;
    });

    bot(config, post, "channels/{channel_id}/messages", c -> world.messages.botMessage(c.id("channel_id"), c.body()));
    bot(config, get, "channels/{channel_id}/messages", c -> {
      String limit = c.ctx().queryParam("limit");
      String before = c.ctx().queryParam("before");
      return world.messages.history(c.id("channel_id"), limit == null ? 50 : Math.min(100, Integer.parseInt(limit)),
          before == null ? Long.MAX_VALUE : Long.parseUnsignedLong(before));
    });
    bot(config, get, "channels/{channel_id}/messages/{message_id}",
        c -> Messages.message(world.directory.channel(c.id("channel_id")), c.id("message_id")).json.deepCopy());
    bot(config, patch, "channels/{channel_id}/messages/{message_id}",
        c -> world.messages.editBotMessage(c.id("channel_id"), c.id("message_id"), c.body()));
    bot(config, delete, "channels/{channel_id}/messages/{message_id}", c -> {
      world.messages.delete(c.id("channel_id"), c.id("message_id"));
      return null;
    });
    bot(config, put, "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", c -> {
      Messages.message(world.directory.channel(c.id("channel_id")), c.id("message_id"));
      return null;
    });
    bot(config, post, "channels/{channel_id}/typing", c -> {
      world.directory.channel(c.id("channel_id"));
      return null;
    });
    bot(config, get, "channels/{channel_id}", c -> world.payloads.channelJson(world.directory.channel(c.id("channel_id"))));
    bot(config, patch, "channels/{channel_id}", c -> world.channels.modify(c.id("channel_id"), c.body()));
    bot(config, delete, "channels/{channel_id}", c -> world.channels.delete(c.id("channel_id")));
    bot(config, put, "channels/{channel_id}/permissions/{overwrite_id}", c -> {
      world.channels.putOverwrite(c.id("channel_id"), Json.id(c.id("overwrite_id")), c.body());
      return null;
    });
    bot(config, delete, "channels/{channel_id}/permissions/{overwrite_id}", c -> {
      world.channels.deleteOverwrite(c.id("channel_id"), Json.id(c.id("overwrite_id")));
      return null;
    });

    bot(config, get, "guilds/{guild_id}", c -> world.payloads.guildJson(c.id("guild_id")));
    bot(config, get, "guilds/{guild_id}/roles", c -> world.payloads.rolesJson(c.id("guild_id")));
    bot(config, get, "guilds/{guild_id}/channels", c -> world.payloads.channelsJson(c.id("guild_id")));
    bot(config, post, "guilds/{guild_id}/channels", c -> world.channels.create(c.id("guild_id"), c.body()));
    bot(config, patch, "guilds/{guild_id}/members/@me",
        c -> world.members.modify(c.id("guild_id"), world.directory.bot.id, c.body()));
    bot(config, get, "guilds/{guild_id}/members/{user_id}", c -> {
      Model.Guild guild = world.directory.guild(c.id("guild_id"));
      return world.payloads.memberJson(guild, Directory.member(guild, c.id("user_id")), true);
    });
    bot(config, patch, "guilds/{guild_id}/members/{user_id}",
        c -> world.members.modify(c.id("guild_id"), c.id("user_id"), c.body()));
    bot(config, delete, "guilds/{guild_id}/members/{user_id}", c -> {
      world.members.remove(c.id("guild_id"), c.id("user_id"));
      return null;
    });
    bot(config, put, "guilds/{guild_id}/members/{user_id}/roles/{role_id}", c -> {
      world.members.changeRole(c.id("guild_id"), c.id("user_id"), c.id("role_id"), true);
      return null;
    });
    bot(config, delete, "guilds/{guild_id}/members/{user_id}/roles/{role_id}", c -> {
      world.members.changeRole(c.id("guild_id"), c.id("user_id"), c.id("role_id"), false);
      return null;
    });
    bot(config, get, "guilds/{guild_id}/bans", c -> {
      String limit = c.ctx().queryParam("limit");
      String after = c.ctx().queryParam("after");
      String before = c.ctx().queryParam("before");
      return world.members.bansJson(c.id("guild_id"), limit == null ? 1000 : Math.min(1000, Integer.parseInt(limit)),
          after == null ? 0 : Long.parseUnsignedLong(after), before == null ? -1 : Long.parseUnsignedLong(before));
    });
    bot(config, get, "guilds/{guild_id}/bans/{user_id}", c -> world.members.banJson(c.id("guild_id"), c.id("user_id")));
    bot(config, put, "guilds/{guild_id}/bans/{user_id}", c -> {
      world.members.ban(c.id("guild_id"), c.id("user_id"));
      return null;
    });
    bot(config, delete, "guilds/{guild_id}/bans/{user_id}", c -> {
      world.members.unban(c.id("guild_id"), c.id("user_id"));
      return null;
    });

    for (HandlerType method : List.of(get, post, put, patch, delete)) {
      config.routes.addHttpHandler(method, BASE + "*", ctx -> unknownRoute(ctx, method.name()));
    }
  }

  private void bot(JavalinConfig config, HandlerType method, String route, Handler handler) {
    config.routes.addHttpHandler(method, BASE + route, ctx -> answer(ctx, method.name(), route, true, handler));
  }

  private void open(JavalinConfig config, HandlerType method, String route, Handler handler) {
    config.routes.addHttpHandler(method, BASE + route, ctx -> answer(ctx, method.name(), route, false, handler));
  }

  private void answer(Context ctx, String method, String route, boolean needsToken, Handler handler) {
    String path = ctx.path().substring(BASE.length());
    JsonNode[] body = {NullNode.getInstance()};
    // The token check and reading the body need no world state: done before taking its lock, so
    // that one call's I/O and JSON parsing do not hold up every other call and the gateway.
    Answer read = attempt(method, path, () -> {
      if (needsToken && !("Bot " + world.token).equals(ctx.header("Authorization"))) {
        throw new DiscordError(401, 0, "401: Unauthorized");
      }
      body[0] = readBody(ctx);
      return null;
    });
    Answer answer;
    synchronized (world) {
      answer = read.status() == 204 ? attempt(method, path, () -> handler.handle(new Call(ctx, body[0]))) : read;
      world.actions.record(method, route, path, body[0], answer.status(), answer.result());
      world.waiters.changed();
    }
    ctx.status(answer.status());
    if (answer.status() != 204) {
      ctx.contentType("application/json");
      ctx.result(Json.write(answer.result()));
    }
  }

  /** A call's status and JSON answer. */
  private record Answer(int status, JsonNode result) {}

  /** Runs a step of answering a call: its answer (null: 204 No Content), or the error it ended with. */
  private static Answer attempt(String method, String path, Supplier<JsonNode> step) {
    try {
      JsonNode answer = step.get();
      return answer == null ? new Answer(204, NullNode.getInstance()) : new Answer(200, answer);
    } catch (DiscordError e) {
      return new Answer(e.status, Json.object().put("message", e.getMessage()).put("code", e.code));
    } catch (RuntimeException e) {
      log.error("The local Discord failed to answer {} {}", method, path, e);
      return new Answer(500, Json.object().put("message", "500: Internal Server Error").put("code", 0));
    }
  }

  private static JsonNode readBody(Context ctx) {
    if (ctx.isMultipartFormData()) {
      String payload = ctx.formParam("payload_json");
      return payload == null ? NullNode.getInstance() : Json.parse(payload);
    }
    return Json.parse(ctx.body());
  }

  private void unknownRoute(Context ctx, String method) {
    String path = ctx.path().startsWith(BASE) ? ctx.path().substring(BASE.length()) : ctx.path();
    log.warn("The local Discord does not emulate {} {}; answering 404", method, path);
    ObjectNode result = Json.object().put("message", "404: Not Found").put("code", 0);
    synchronized (world) {
      world.actions.record(method, "(not emulated)", path, readBodyQuietly(ctx), 404, result);
      world.waiters.changed();
    }
    ctx.status(404).contentType("application/json").result(Json.write(result));
  }

  private static JsonNode readBodyQuietly(Context ctx) {
    try {
      return readBody(ctx);
    } catch (RuntimeException e) {
      return NullNode.getInstance();
    }
  }
}
