package dev.cogwheel.panel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cogwheel.panel.RunningBot.Response;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.spi.panel.AuditEntry;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin API against a running bot on the local Discord, over real HTTP and real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelApiTest {

  static final ConfigKey<Integer> TIMES = ConfigKey.builder("times", ConfigType.INTEGER).defaultValue(1).build();

  RunningBot bot;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) throws Exception {
    bot = new RunningBot(schema, plugins);
  }

  @AfterAll
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  private String guildScope() {
    return "?guild=" + bot.guildId();
  }

  @Test
  void healthAnswersWithoutATokenAndEverythingElseNeedsAKnownOne() {
    Response health = bot.call("GET", "/health", null, null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("up");
    assertThat(health.json().path("plugins").path("started").asInt()).isEqualTo(2);

    Response none = bot.call("GET", "/plugins", null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("field").asText()).isEqualTo("Authorization");
    assertThat(none.json().path("error").asText()).contains("cogwheel panel token create");
    Response wrong = bot.call("GET", "/plugins", null, PanelTokens.generate());
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().path("error").asText()).contains("not known");
    assertThat(bot.call("GET", "/session", null).json().path("actor").asText()).isEqualTo("token:tests");
    assertThat(bot.call("GET", "/oauth", null, null).json().path("enabled").asBoolean()).isFalse();
    Response off = bot.call("GET", "/oauth/login", null, null);
    assertThat(off.status()).isEqualTo(404);
    assertThat(off.json().path("field").asText()).isEqualTo("oauth");
  }

  @Test
  void theOpenApiDescriptionListsExactlyTheRoutesServed() throws Exception {
    JsonNode openApi;
    try (InputStream in = PanelServer.class.getResourceAsStream("/dev/cogwheel/panel/openapi.json")) {
      openApi = PanelServer.MAPPER.readTree(in);
    }
    assertThat(bot.call("GET", "/openapi.json", null, null).json()).isEqualTo(openApi);
    List<String> described = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue().fieldNames().forEachRemaining(method -> described.add(method.toUpperCase() + " " + path.getKey()));
    }
    assertThat(described).containsExactlyInAnyOrderElementsOf(bot.panel.routes());
    for (String route : described) {
      String[] parts = route.split(" ");
      // Unknown ids keep the calls harmless; a missing route would answer 404 naming "path".
      String path = parts[1].replace("{id}", "nosuch").replace("{plugin}", "nosuch").replace("{key}", "nosuch");
      Response response = bot.call(parts[0], path, parts[0].equals("GET") || parts[0].equals("DELETE") ? null : "{}");
      assertThat(response.status()).as(route).isNotEqualTo(500);
      if (response.status() == 404 && !path.equals("/metrics")) {
        assertThat(response.json().path("field").asText()).as(route).isNotEqualTo("path");
      }
    }
    Response unknown = bot.call("GET", "/nothing-here", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("field").asText()).isEqualTo("path");
  }

  @Test
  void pluginsAreListedWithStateVersionAndUserDataAndAReloadIsAudited() {
    JsonNode plugins = bot.call("GET", "/plugins", null).json();
    JsonNode hello = StreamSupport.stream(plugins.spliterator(), false).filter(p -> p.path("id").asText().equals("hello"))
        .findFirst().orElseThrow();
    assertThat(hello.path("version").asText()).isEqualTo("1.0.0");
    assertThat(hello.path("state").asText()).isEqualTo("STARTED");
    assertThat(hello.path("userData").asText()).isEqualTo("nothing about users");
    assertThat(hello.path("leftovers").isArray()).isTrue();
    assertThat(hello.path("quarantined")).isEmpty();

    Response reloaded = bot.call("POST", "/plugins/hello/reload", null);
    assertThat(reloaded.status()).isEqualTo(200);
    assertThat(reloaded.json().path("state").asText()).isEqualTo("STARTED");
    assertThat(bot.backend.panel().auditLog(10)).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("plugin.reload");
      assertThat(e.target()).isEqualTo("plugin:hello");
      assertThat(e.actor()).isEqualTo("token:tests");
    });
    Response missing = bot.call("POST", "/plugins/nosuch/reload", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("field").asText()).isEqualTo("id");
  }

  @Test
  void configListsEveryRegisteredKeyWithItsTypeDefaultRulesAndValuePerScope() {
    String channel = bot.general.id();
    ConfigScope inChannel = ConfigScope.channel(Long.parseLong(bot.guildId()), Long.parseLong(channel));
    bot.backend.forPlugin("hello").config().set(TIMES, inChannel, 2);
    try {
      JsonNode config = bot.call("GET", "/config" + guildScope() + "&channel=" + channel, null).json();
      assertThat(config.path("scope").path("kind").asText()).isEqualTo("channel");
      JsonNode hello = StreamSupport.stream(config.path("plugins").spliterator(), false)
          .filter(p -> p.path("id").asText().equals("hello")).findFirst().orElseThrow();
      assertThat(hello.path("keys")).extracting(k -> k.path("name").asText()).containsExactly("greeting", "shout", "times");
      JsonNode times = hello.path("keys").get(2);
      assertThat(times.path("type").asText()).isEqualTo("integer");
      assertThat(times.path("default").asText()).isEqualTo("1");
      assertThat(times.path("description").asText()).isEqualTo("How many times");
      assertThat(times.path("rules").get(0).asText()).isEqualTo("between 1 and 3");
      assertThat(times.path("values").fieldNames()).toIterable().containsExactly("global", "guild", "channel");
      assertThat(times.path("values").path("global").isNull()).isTrue();
      assertThat(times.path("values").path("channel").asText()).isEqualTo("2");
      assertThat(times.path("effective").asText()).isEqualTo("2");
    } finally {
      bot.backend.forPlugin("hello").config().clear(TIMES, inChannel);
    }
  }

  @Test
  void badInputGetsA4xxNamingTheFieldAndNothingIsStoredOrAudited() {
    ConfigScope guild = ConfigScope.guild(Long.parseLong(bot.guildId()));
    var before = bot.backend.forPlugin("hello").config().find(TIMES, guild);
    long audited = bot.backend.panel().auditLog(1000).size();
    assertRefused(bot.call("PUT", "/config/hello/times" + guildScope(), "{\"value\": \"9\"}"), 400, "value", "must be between 1 and 3");
    assertRefused(bot.call("PUT", "/config/hello/times" + guildScope(), "{\"value\": \"many\"}"), 400, "value", "not a valid integer");
    assertRefused(bot.call("PUT", "/config/hello/times" + guildScope(), "{\"value\": {}}"), 400, "value", "{\"value\": \"...\"}");
    assertRefused(bot.call("PUT", "/config/hello/times" + guildScope(), "{value"), 400, "body", "not JSON");
    assertRefused(bot.call("PUT", "/config/hello/greeting" + guildScope(), "{\"value\": \"Hi\\u0000\"}"), 400, "value",
        "The field value contains the NUL character (U+0000) at position 3, which cannot be stored or shown");
    assertRefused(bot.call("PUT", "/config/hello/greeting" + guildScope(), "{\"value\": \"Hi\"} {\"value\": \"Ho\"}"), 400, "body",
        "not JSON");
    assertRefused(bot.call("PUT", "/config/hello/times?guild=general", "{\"value\": \"2\"}"), 400, "guild", "not a Discord id");
    assertRefused(bot.call("PUT", "/config/hello/times?channel=1", "{\"value\": \"2\"}"), 400, "guild", "need its guild too");
    assertRefused(bot.call("PUT", "/config/hello/nosuch" + guildScope(), "{\"value\": \"2\"}"), 404, "key", "greeting, shout, times");
    assertRefused(bot.call("PUT", "/config/nosuch/times" + guildScope(), "{\"value\": \"2\"}"), 404, "plugin", "no plugin nosuch");
    assertRefused(bot.call("POST", "/database/approve", "{}"), 400, "ref", "Say which changeset");
    assertRefused(bot.call("GET", "/audit?limit=0", null), 400, "limit", "from 1 to 1000");
    assertThat(bot.backend.forPlugin("hello").config().find(TIMES, guild)).isEqualTo(before);
    assertThat(bot.backend.panel().auditLog(1000)).hasSize((int) audited);
  }

  private static void assertRefused(Response response, int status, String field, String message) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().path("field").asText()).as(response.body()).isEqualTo(field);
    assertThat(response.json().path("error").asText()).contains(message);
  }

  @Test
  void aPanelEditChangesTheCogsReplyInTheRunningBotWithinASecond() {
    assertThat(bot.hello()).isEqualTo("Hello");
    long written = System.nanoTime();
    Response set = bot.call("PUT", "/config/hello/greeting" + guildScope(), "{\"value\": \"Ahoy\"}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("effective").asText()).isEqualTo("Ahoy");
    String reply = bot.hello();
    while (!reply.equals("Ahoy") && System.nanoTime() - written < RunningBot.WAIT.toNanos()) {
      reply = bot.hello();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - written);
    assertThat(reply).isEqualTo("Ahoy");
    // The brief of the panel: a panel edit reaches the running cog within one second.
    assertThat(took).as("from the API's answer to the cog's new reply").isLessThan(Duration.ofSeconds(1));

    AuditEntry audited = bot.backend.panel().auditLog(1).get(0);
    assertThat(audited.action()).isEqualTo("config.set");
    assertThat(audited.target()).isEqualTo("hello/greeting@guild:" + bot.guildId());
    assertThat(audited.newValue()).contains("Ahoy");
    assertThat(audited.actor()).isEqualTo("token:tests");

    Response shout = bot.call("PUT", "/config/hello/shout" + guildScope(), "{\"value\": true}");
    assertThat(shout.status()).as(shout.body()).isEqualTo(200);
    Response reset = bot.call("DELETE", "/config/hello/greeting" + guildScope(), null);
    assertThat(reset.json().path("effective").asText()).isEqualTo("Hello");
    assertThat(bot.backend.panel().auditLog(1).get(0).oldValue()).contains("Ahoy");
    reply = bot.hello();
    long resetAt = System.nanoTime();
    while (!reply.equals("HELLO") && System.nanoTime() - resetAt < RunningBot.WAIT.toNanos()) {
      reply = bot.hello();
    }
    assertThat(reply).isEqualTo("HELLO");
    bot.call("DELETE", "/config/hello/shout" + guildScope(), null);
  }

  @Test
  void aDestructiveChangesetWaitsForApprovalAndIsApprovedThroughTheApi() {
    JsonNode waiting = bot.call("GET", "/database/approvals", null).json();
    assertThat(waiting).extracting(c -> c.path("ref").asText()).containsExactly("ledger:0002-drop-level");
    assertThat(waiting.get(0).path("class").asText()).isEqualTo("DESTRUCTIVE");
    assertThat(bot.call("GET", "/database/status", null).json()).anySatisfy(s -> {
      assertThat(s.path("source").asText()).isEqualTo("ledger");
      assertThat(s.path("state").asText()).isEqualTo("WAITING_APPROVAL");
    });
    Response approved = bot.call("POST", "/database/approve", "{\"ref\": \"ledger:0002-drop-level\"}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().path("approved").asBoolean()).isTrue();
    assertThat(bot.call("GET", "/database/approvals", null).json()).isEmpty();
    assertThat(bot.backend.panel().auditLog(5)).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("database.approve");
      assertThat(e.target()).isEqualTo("changeset:ledger:0002-drop-level");
    });
    assertRefused(bot.call("POST", "/database/approve", "{\"ref\": \"ledger:0404\"}"), 404, "ref", "0404");
  }

  @Test
  void metricsAreServedInPrometheusTextWithAToken() {
    Response metrics = bot.call("GET", "/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    assertThat(bot.call("GET", "/metrics", null, null).status()).isEqualTo(401);
  }
}
