package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of the local Discord: websocket connections, HELLO / IDENTIFY / heartbeat /
 * RESUME, and the bot sessions events are dispatched to, one per shard, filtered by the session's
 * shard and intents as Discord filters them.
 *
 * <p>A {@link BotSession} outlives its {@link Connection}: when JDA drops a connection without
 * closing cleanly (code 1000/1001), the session keeps numbering and buffering events so that JDA's
 * RESUME on a new connection replays what it missed.
 *
 * <p>Thread-safe. Locks are taken in one order: the world's (see {@link WorldState}; a change to the
 * world dispatches its events holding it), then this object's, then a session's.
 */
final class Gateway {

  static final int GUILDS = 1;
  static final int GUILD_MEMBERS = 1 << 1;
  static final int GUILD_MODERATION = 1 << 2;
  static final int GUILD_VOICE_STATES = 1 << 7;
  static final int GUILD_MESSAGES = 1 << 9;
  static final int DIRECT_MESSAGES = 1 << 12;
  static final int MESSAGE_CONTENT = 1 << 15;

  static final int HEARTBEAT_INTERVAL_MS = 41250;
  private static final int REPLAY_LIMIT = 2000;

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final WorldState world;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final List<BotSession> sessions = new ArrayList<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private volatile String url;

  Gateway(WorldState world) {
    this.world = world;
  }

  void url(String gatewayUrl) {
    this.url = gatewayUrl;
  }

  // ---------------------------------------------------------------- websocket callbacks

  void onConnect(WsConnectContext ctx) {
    ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(10));
    Connection connection = new Connection(ctx, connectionCount.incrementAndGet());
    connections.put(ctx.sessionId(), connection);
    ObjectNode hello = Json.object().put("op", 10);
    hello.putNull("s");
    hello.putNull("t");
    hello.putObject("d").put("heartbeat_interval", HEARTBEAT_INTERVAL_MS);
    connection.send(Json.write(hello));
  }

  void onMessage(WsMessageContext ctx) {
    Connection connection = connections.get(ctx.sessionId());
    if (connection == null) {
      return;
    }
    JsonNode payload;
    try {
      payload = Json.MAPPER.readTree(ctx.message());
    } catch (Exception e) {
      connection.close(4002, "Error while decoding payload.");
      return;
    }
    int op = payload.path("op").asInt(-1);
    JsonNode d = payload.path("d");
    switch (op) {
      case 1 -> connection.send("{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
      case 2 -> {
        if (connection.session != null) {
          connection.close(4005, "Already authenticated.");
        } else {
          identify(connection, d);
        }
      }
      case 6 -> resume(connection, d);
      case 8 -> {
        if (connection.session == null) {
          connection.close(4003, "Not authenticated.");
        } else {
          requestMembers(connection.session, d);
        }
      }
      case 3, 4 -> log.debug("Ignoring gateway op {} (presence and voice connections are not emulated)", op);
      default -> connection.close(4001, "Unknown opcode.");
    }
  }

  void onClose(WsCloseContext ctx) {
    Connection connection = connections.remove(ctx.sessionId());
    if (connection == null) {
      return;
    }
    connection.shutdown();
    BotSession session = connection.session;
    if (session == null) {
      return;
    }
    synchronized (session) {
      if (session.connection == connection) {
        session.connection = null;
      }
    }
    if (ctx.status() == 1000 || ctx.status() == 1001) {
      synchronized (this) {
        sessions.remove(session);
      }
    }
  }

  /**
   * Logs a bot in: checks the token, shard and intents, opens its session, and sends READY and a
   * GUILD_CREATE for each guild of its shard, all under the world's lock so that no event of a
   * change in between is lost or sent before them.
   */
  private void identify(Connection connection, JsonNode identify) {
    synchronized (world) {
      if (!world.token.equals(identify.path("token").asText())) {
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
      BotSession session = open(connection, shardId, shardCount, identify.get("intents").asLong());
      session.dispatch("READY", readyJson(session));
      for (Model.Guild guild : world.directory.guilds()) {
        if (session.covers(guild.id)) {
          session.dispatch("GUILD_CREATE", world.payloads.guildCreateJson(guild));
        }
      }
      world.waiters.changed();
    }
  }

  private ObjectNode readyJson(BotSession session) {
    ObjectNode json = Json.object().put("v", 10);
    json.set("user", world.payloads.userJson(world.directory.bot).put("verified", true).put("mfa_enabled", false));
    ArrayNode guildStubs = json.putArray("guilds");
    for (Model.Guild guild : world.directory.guilds()) {
      if (session.covers(guild.id)) {
        guildStubs.add(Json.object().put("id", Json.id(guild.id)).put("unavailable", true));
      }
    }
    json.put("session_id", session.id)
        .put("resume_gateway_url", url)
        .put("session_type", "normal");
    json.putArray("shard").add(session.shardId).add(session.shardCount);
    json.putObject("application").put("id", Json.id(world.directory.applicationId())).put("flags", 0);
    json.putArray("private_channels");
    json.putArray("relationships");
    json.putArray("presences");
    json.putArray("guild_join_requests");
    json.putArray("geo_ordered_rtc_regions");
    json.putObject("user_settings");
    json.putArray("_trace").add("local-discord");
    return json;
  }

  /** Answers op 8 with one GUILD_MEMBERS_CHUNK per requested guild of the session's shard. */
  private void requestMembers(BotSession session, JsonNode request) {
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
    // Reading the request needs no world state; the chunks are written under the world's lock.
    synchronized (world) {
      for (long id : guildIds) {
        Model.Guild guild = world.directory.findGuild(id).orElse(null);
        if (guild == null || !session.covers(id)) {
          continue;
        }
        ObjectNode chunk = Json.object().put("guild_id", Json.id(id)).put("chunk_index", 0).put("chunk_count", 1);
        ArrayNode members = chunk.putArray("members");
        for (Model.Member member : guild.members.values()) {
          boolean wanted = userIds.isEmpty()
              ? world.directory.user(member.userId).name.startsWith(query)
              : userIds.contains(Json.id(member.userId));
          if (wanted) {
            members.add(world.payloads.memberJson(guild, member, true));
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
  }

  private void resume(Connection connection, JsonNode d) {
    if (!world.token.equals(d.path("token").asText())) {
      connection.close(4004, "Authentication failed.");
      return;
    }
    String sessionId = d.path("session_id").asText();
    BotSession session;
    synchronized (this) {
      session = sessions.stream().filter(s -> s.id.equals(sessionId)).findFirst().orElse(null);
    }
    if (session == null || !session.resume(connection, d.path("seq").asLong())) {
      connection.send("{\"op\":9,\"d\":false,\"s\":null,\"t\":null}");
    }
  }

  // ---------------------------------------------------------------- sessions and dispatch

  synchronized BotSession open(Connection connection, int shardId, int shardCount, long intents) {
    BotSession session = new BotSession(UUID.randomUUID().toString().replace("-", ""), shardId, shardCount, intents);
    session.connection = connection;
    connection.session = session;
    sessions.add(session);
    return session;
  }

  /**
   * Sends an event to every session that would get it on Discord. The event is written as JSON once,
   * not once per session.
   *
   * @param guildId the event's guild, 0 for none (DMs go to shard 0)
   * @param intent the intent a session needs, -1 for none
   * @param contentGated whether message content is blanked for sessions without MESSAGE_CONTENT
   */
  synchronized void dispatch(String type, long guildId, int intent, ObjectNode data, boolean contentGated) {
    String text = null;
    String blankText = null;
    for (BotSession session : sessions) {
      if (!session.covers(guildId) || (intent >= 0 && (session.intents & intent) == 0)) {
        continue;
      }
      if (contentGated && (session.intents & MESSAGE_CONTENT) == 0) {
        blankText = blankText == null ? Json.write(blanked(data)) : blankText;
        session.dispatch(type, blankText);
      } else {
        text = text == null ? Json.write(data) : text;
        session.dispatch(type, text);
      }
    }
  }

  /**
   * Sends an event already written as JSON to every session that would get it, needing no intent.
   *
   * @param guildId the event's guild, 0 for none (DMs go to shard 0)
   * @param data the event's {@code d}, as JSON
   */
  synchronized void dispatch(String type, long guildId, String data) {
    for (BotSession session : sessions) {
      if (session.covers(guildId)) {
        session.dispatch(type, data);
      }
    }
  }

  private static ObjectNode blanked(ObjectNode message) {
    ObjectNode copy = message.deepCopy();
    copy.put("content", "");
    copy.putArray("embeds");
    copy.putArray("attachments");
    copy.putArray("components");
    return copy;
  }

  synchronized int sessionCount() {
    return sessions.size();
  }

  /** Asks every connected client to reconnect (op 7); JDA then resumes its session. */
  void requestReconnect() {
    connections.values().forEach(c -> c.send("{\"op\":7,\"d\":null,\"s\":null,\"t\":null}"));
  }

  void stop() {
    connections.values().forEach(c -> c.close(1001, "Server shutting down"));
    connections.values().forEach(Connection::shutdown);
    connections.clear();
  }

  /** One websocket connection and the single thread that writes to it, so frames never interleave. */
  static final class Connection {
    private final WsContext ctx;
    private final ExecutorService writer;
    volatile BotSession session;

    Connection(WsContext ctx, int number) {
      this.ctx = ctx;
      this.writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-discord-gateway-" + number);
        thread.setDaemon(true);
        return thread;
      });
    }

    void send(String text) {
      try {
        writer.execute(() -> {
          try {
            Callback.Completable sent = new Callback.Completable();
            ctx.session.sendText(text, sent);
            sent.get(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            log.debug("Could not write to a gateway connection; it is closing", e);
          }
        });
      } catch (RejectedExecutionException e) {
        log.debug("Dropping a frame for a closed gateway connection");
      }
    }

    void close(int code, String reason) {
      try {
        writer.execute(() -> ctx.closeSession(code, reason));
      } catch (RejectedExecutionException e) {
        log.debug("Gateway connection already closed");
      }
    }

    void shutdown() {
      writer.shutdown();
    }
  }

  /** A logged-in bot session: its shard, intents, sequence numbers and the events to replay. */
  static final class BotSession {
    final String id;
    final int shardId;
    final int shardCount;
    final long intents;
    private long sequence;
    private final Deque<Object[]> replay = new ArrayDeque<>();
    Connection connection;

    BotSession(String id, int shardId, int shardCount, long intents) {
      this.id = id;
      this.shardId = shardId;
      this.shardCount = shardCount;
      this.intents = intents;
    }

    boolean covers(long guildId) {
      return guildId == 0 ? shardId == 0 : Snowflakes.shardOf(guildId, shardCount) == shardId;
    }

    void dispatch(String type, ObjectNode data) {
      dispatch(type, Json.write(data));
    }

    /** Sends a dispatch (op 0) frame, its data already written as JSON. */
    synchronized void dispatch(String type, String data) {
      sequence++;
      // The type is one of Discord's event names (capitals and underscores): nothing to escape.
      String text = "{\"op\":0,\"t\":\"" + type + "\",\"s\":" + sequence + ",\"d\":" + data + "}";
      replay.addLast(new Object[] {sequence, text});
      if (replay.size() > REPLAY_LIMIT) {
        replay.removeFirst();
      }
      if (connection != null) {
        connection.send(text);
      }
    }

    synchronized boolean resume(Connection newConnection, long lastSeen) {
      if (lastSeen < sequence && !replay.isEmpty() && (long) replay.peekFirst()[0] > lastSeen + 1) {
        return false;
      }
      connection = newConnection;
      newConnection.session = this;
      for (Object[] event : replay) {
        if ((long) event[0] > lastSeen) {
          newConnection.send((String) event[1]);
        }
      }
      dispatch("RESUMED", "{}");
      return true;
    }
  }
}
