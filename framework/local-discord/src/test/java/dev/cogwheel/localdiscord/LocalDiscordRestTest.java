package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST side on its own, spoken to with the JDK's HTTP client as Discord's API would be. */
class LocalDiscordRestTest {

  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static LocalDiscord discord;

  @BeforeAll
  static void start() {
    discord = LocalDiscord.start();
  }

  @AfterAll
  static void stop() {
    discord.close();
  }

  @Test
  void gatewayBotNamesTheLocalGatewayAndAllowsParallelIdentify() throws Exception {
    JsonNode gateway = call("GET", "gateway/bot", null, true).body;
    assertThat(gateway.path("url").asText()).isEqualTo(discord.gatewayUrl());
    assertThat(gateway.path("session_start_limit").path("max_concurrency").asInt()).isGreaterThan(1);
  }

  @Test
  void callsWithoutTheBotTokenAre401AndRecorded() throws Exception {
    Answer answer = call("GET", "users/@me", null, false);
    assertThat(answer.status).isEqualTo(401);
    assertThat(discord.actions().latest("GET", "users/@me")).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(401));
    assertThat(call("GET", "users/@me", null, true).body.path("username").asText()).isEqualTo("cogwheel");
  }

  @Test
  void reRegisteringACommandKeepsItsIdAndGivesANewVersion() throws Exception {
    String route = "applications/" + discord.botUserId() + "/commands";
    String definition = "[{\"name\":\"ping\",\"description\":\"Pong\"}]";
    JsonNode first = call("PUT", route, definition, true).body.get(0);
    JsonNode second = call("PUT", route, definition, true).body.get(0);

    assertThat(second.path("id").asText()).isEqualTo(first.path("id").asText());
    assertThat(second.path("version").asText()).isNotEqualTo(first.path("version").asText());
    assertThat(second.path("application_id").asText()).isEqualTo(discord.botUserId());
    assertThat(second.path("type").asInt()).isEqualTo(1);
    assertThat(discord.globalCommands()).extracting(RegisteredCommand::name).containsExactly("ping");
  }

  @Test
  void commandDefinitionsDiscordWouldRefuseAre400WithTheReason() throws Exception {
    String route = "applications/" + discord.botUserId() + "/commands";
    Answer upper = call("PUT", route, "[{\"name\":\"Ping\",\"description\":\"Pong\"}]", true);
    assertThat(upper.status).isEqualTo(400);
    assertThat(upper.body.path("code").asInt()).isEqualTo(50035);
    assertThat(upper.body.path("message").asText()).contains("\"Ping\" must be 1 to 32 lowercase");

    Answer order = call("PUT", route, "[{\"name\":\"pay\",\"description\":\"Pay\",\"options\":["
        + "{\"name\":\"note\",\"description\":\"n\",\"type\":3},"
        + "{\"name\":\"amount\",\"description\":\"a\",\"type\":4,\"required\":true}]}]", true);
    assertThat(order.body.path("message").asText()).contains("required option pay amount must come before");
  }

  @Test
  void channelHistoryPagesBackwardsWithBefore() throws Exception {
    String route = "channels/" + discord.guild().channel("bot").id() + "/messages";
    for (String content : new String[] {"one", "two", "three"}) {
      call("POST", route, "{\"content\":\"" + content + "\"}", true);
    }
    JsonNode newest = call("GET", route + "?limit=2", null, true).body;
    assertThat(newest).extracting(m -> m.path("content").asText()).containsExactly("three", "two");

    JsonNode older = call("GET", route + "?limit=1&before=" + newest.get(1).path("id").asText(), null, true).body;
    assertThat(older).extracting(m -> m.path("content").asText()).containsExactly("one");
  }

  @Test
  void allowedMentionsDecideWhoIsPingedAsDiscordDoes() throws Exception {
    String route = "channels/" + discord.guild().channel("bot").id() + "/messages";
    String alice = discord.user("alice").id();
    String bob = discord.user("bob").id();
    String role = discord.guild().role("Member").id();
    String content = "@everyone <@" + alice + "> <@" + bob + "> <@&" + role + ">";

    JsonNode byDefault = call("POST", route, "{\"content\":\"" + content + "\"}", true).body;
    assertThat(byDefault.path("mention_everyone").asBoolean()).isTrue();
    assertThat(byDefault.path("mentions")).extracting(u -> u.path("id").asText()).containsExactly(alice, bob);
    assertThat(byDefault.path("mention_roles")).extracting(JsonNode::asText).containsExactly(role);

    JsonNode none = call("POST", route, "{\"content\":\"" + content + "\",\"allowed_mentions\":{\"parse\":[]}}", true).body;
    assertThat(none.path("mention_everyone").asBoolean()).isFalse();
    assertThat(none.path("mentions")).isEmpty();
    assertThat(none.path("mention_roles")).isEmpty();
    assertThat(none.path("content").asText()).isEqualTo(content);

    JsonNode onlyBob = call("POST", route,
        "{\"content\":\"" + content + "\",\"allowed_mentions\":{\"parse\":[],\"users\":[\"" + bob + "\"]}}", true).body;
    assertThat(onlyBob.path("mention_everyone").asBoolean()).isFalse();
    assertThat(onlyBob.path("mentions")).extracting(u -> u.path("id").asText()).containsExactly(bob);
    assertThat(onlyBob.path("mention_roles")).isEmpty();

    Answer both = call("POST", route,
        "{\"content\":\"hi\",\"allowed_mentions\":{\"parse\":[\"users\"],\"users\":[\"" + bob + "\"]}}", true);
    assertThat(both.status).isEqualTo(400);
    assertThat(both.body.path("message").asText()).contains("mutually exclusive");
  }

  @Test
  void aMemberWithoutMentionEveryoneDoesNotPingEveryone() {
    LocalMessage said = discord.user("bob").say(discord.guild().channel("general"), "@everyone look");
    LocalMessage byOwner = discord.user("alice").say(discord.guild().channel("general"), "@here look");

    assertThat(said.pingsEveryone()).isFalse();
    assertThat(byOwner.pingsEveryone()).isTrue();
  }

  @Test
  void theOwnerHasEveryPermissionJdaKnowsAndOthersOnlyTheirRoles() throws Exception {
    LocalGuild guild = discord.guild();
    LocalChannel general = guild.channel("general");
    long pin = Permission.PIN_MESSAGES.getRawValue();
    call("POST", "applications/" + discord.botUserId() + "/guilds/" + guild.id() + "/commands",
        "{\"name\":\"pin\",\"description\":\"Pins\",\"default_member_permissions\":\"" + pin + "\"}", true);

    JsonNode byOwner = discord.user("alice").invoke(general, "/pin").payload();

    long every = Permission.getRaw(Permission.values());
    assertThat(byOwner.path("member").path("permissions").asLong()).isEqualTo(every);
    assertThat(byOwner.path("app_permissions").asLong()).isEqualTo(every);
    assertThatThrownBy(() -> discord.user("bob").invoke(general, "/pin"))
        .isInstanceOf(InvalidInteractionException.class)
        .hasMessage("bob may not use /pin: it requires the permissions " + pin
            + " (default_member_permissions) and bob has " + World.Permissions.DEFAULT_EVERYONE);
  }

  @Test
  void unknownIdsAnswerDiscordsErrorCodes() throws Exception {
    Answer channel = call("GET", "channels/123", null, true);
    assertThat(channel.status).isEqualTo(404);
    assertThat(channel.body.path("code").asInt()).isEqualTo(10003);
    Answer move = call("PATCH", "guilds/" + discord.guild().id() + "/members/" + discord.user("carol").id(),
        "{\"channel_id\":\"" + discord.guild().channel("Lobby").id() + "\"}", true);
    assertThat(move.status).isEqualTo(400);
    assertThat(move.body.path("code").asInt()).isEqualTo(40032);
  }

  @Test
  void routesThatAreNotEmulatedAre404AndRecorded() throws Exception {
    Answer answer = call("GET", "guilds/" + discord.guild().id() + "/audit-logs", null, true);
    assertThat(answer.status).isEqualTo(404);
    assertThat(discord.actions().latest("GET", "(not emulated)"))
        .hasValueSatisfying(a -> assertThat(a.path()).endsWith("/audit-logs"));
  }

  @Test
  void worldsThatNameUndeclaredThingsAreRefused() {
    assertThatThrownBy(() -> World.builder().guild("G", g -> g.member("zoe")).build())
        .hasMessage("guild G: member zoe is not a declared user");
    assertThatThrownBy(() -> World.builder().users("amy").guild("G", g -> g.member("amy", "Boss")).build())
        .hasMessage("guild G: member amy has undeclared role Boss");
    assertThatThrownBy(() -> World.builder().guild("G", g -> g.voiceChannel("Lobby", "Voice")))
        .hasMessage("guild G: category Voice must be declared before Lobby");
  }

  @Test
  void aLongSessionKeepsOnlyTheLatestActionsAndMessages() throws Exception {
    try (LocalDiscord small = LocalDiscord.start(World.defaultWorld(), new History(10, 5, Duration.ofMinutes(15)))) {
      LocalChannel bot = small.guild().channel("bot");
      String route = "channels/" + bot.id() + "/messages";
      for (int i = 1; i <= 30; i++) {
        call(small, "POST", route, "{\"content\":\"message " + i + "\"}", true);
      }

      assertThat(small.messages(bot)).extracting(LocalMessage::content)
          .containsExactly("message 26", "message 27", "message 28", "message 29", "message 30");
      assertThat(call(small, "GET", route + "?limit=100", null, true).body).hasSize(5);
      List<RecordedAction> kept = small.actions().all();
      assertThat(kept.size()).isBetween(10, 12);
      assertThat(kept.get(kept.size() - 1).sequence()).isEqualTo(31).isEqualTo(small.actions().lastSequence());

      long mark = small.actions().lastSequence();
      call(small, "GET", "users/@me", null, true);
      assertThat(small.actions().awaitAfter(mark, a -> a.is("GET", "users/@me"), Duration.ofSeconds(5)).sequence())
          .isEqualTo(32);
    }
  }

  @Test
  void anInteractionWhoseTokenExpiredIsUnknown() throws Exception {
    try (LocalDiscord expiring = LocalDiscord.start(World.defaultWorld(), new History(100, 100, Duration.ofNanos(1)))) {
      call(expiring, "PUT", "applications/" + expiring.botUserId() + "/commands",
          "[{\"name\":\"ping\",\"description\":\"Pong\"}]", true);
      InteractionHandle ping = expiring.user("alice").invoke(expiring.guild().channel("general"), "/ping");
      String token = ping.payload().path("token").asText();

      Answer callback = call(expiring, "POST", "interactions/" + ping.id() + "/" + token + "/callback",
          "{\"type\":4,\"data\":{\"content\":\"pong\"}}", false);
      assertThat(callback.status).isEqualTo(404);
      assertThat(callback.body.path("code").asInt()).isEqualTo(10062);
      Answer followUp = call(expiring, "POST", "webhooks/" + expiring.botUserId() + "/" + token,
          "{\"content\":\"late\"}", false);
      assertThat(followUp.body.path("code").asInt()).isEqualTo(10015);
    }
  }

  @Test
  void historyLimitsMustBePositive() {
    assertThatThrownBy(() -> new History(0, 10, Duration.ofMinutes(1)))
        .hasMessage("History.actions must be at least 1, got 0");
    assertThatThrownBy(() -> new History(10, 10, Duration.ZERO))
        .hasMessage("History.interactions must be positive, got PT0S");
  }

  private record Answer(int status, JsonNode body) {}

  private static Answer call(String method, String path, String body, boolean withToken)
      throws IOException, InterruptedException {
    return call(discord, method, path, body, withToken);
  }

  private static Answer call(LocalDiscord discord, String method, String path, String body, boolean withToken)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discord.restBaseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (withToken) {
      request.header("Authorization", "Bot " + discord.token());
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), Json.parse(response.body()));
  }
}
