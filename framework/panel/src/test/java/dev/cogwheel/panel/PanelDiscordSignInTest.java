package dev.cogwheel.panel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.panel.RunningBot.Response;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign in with Discord against the local Discord's OAuth2: the guild's owner may edit that guild's
 * config and nothing else; a plain member may edit nothing.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelDiscordSignInTest {

  RunningBot bot;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) throws Exception {
    bot = new RunningBot(schema, plugins, true);
  }

  @AfterAll
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  /** Follows the redirects a browser would, from the panel to Discord and back. */
  private String signIn(String user) throws Exception {
    bot.discord.signInAs(user);
    String toDiscord = redirect(bot.url() + PanelServer.API + "/oauth/login");
    assertThat(toDiscord).startsWith(bot.discord.baseUrl() + "/oauth2/authorize?").contains("scope=identify%20guilds");
    String back = redirect(toDiscord);
    assertThat(back).startsWith(bot.url() + PanelServer.API + "/oauth/callback?code=");
    String panel = redirect(back);
    assertThat(panel).startsWith("/#session=" + DiscordSignIn.PREFIX);
    return panel.substring("/#session=".length());
  }

  private String redirect(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(302);
    return response.headers().firstValue("Location").orElseThrow();
  }

  @Test
  void aGuildsOwnerEditsThatGuildsConfigAndNothingElse() throws Exception {
    String session = signIn("alice");
    Response me = bot.call("GET", "/session", null, session);
    assertThat(me.json().path("actor").asText()).isEqualTo("discord:alice");
    assertThat(me.json().path("guilds")).extracting(g -> g.asText()).containsExactly(bot.guildId());

    Response set = bot.call("PUT", "/config/hello/greeting?guild=" + bot.guildId(), "{\"value\": \"Hi from Discord\"}", session);
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(bot.backend.panel().auditLog(1).get(0).actor()).isEqualTo("discord:alice");
    String reply = bot.hello();
    long deadline = System.nanoTime() + RunningBot.WAIT.toNanos();
    while (!reply.equals("Hi from Discord") && System.nanoTime() < deadline) {
      reply = bot.hello();
    }
    assertThat(reply).isEqualTo("Hi from Discord");

    Response global = bot.call("PUT", "/config/hello/greeting", "{\"value\": \"Hi everyone\"}", session);
    assertThat(global.status()).isEqualTo(403);
    assertThat(global.json().path("field").asText()).isEqualTo("guild");
    Response plugins = bot.call("GET", "/plugins", null, session);
    assertThat(plugins.status()).isEqualTo(403);
    assertThat(plugins.json().path("field").asText()).isEqualTo("Authorization");
    assertThat(bot.call("POST", "/plugins/hello/reload", null, session).status()).isEqualTo(403);
  }

  @Test
  void aMemberWhoAdministersNoGuildMayEditNothing() throws Exception {
    String session = signIn("bob");
    assertThat(bot.call("GET", "/session", null, session).json().path("guilds")).isEmpty();
    Response refused = bot.call("PUT", "/config/hello/greeting?guild=" + bot.guildId(), "{\"value\": \"Hacked\"}", session);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().path("error").asText()).contains("only the guilds you administer (none)");
  }

  @Test
  void aCallbackWithAnUnknownStateIsRefused() throws Exception {
    Response refused = bot.call("GET", "/oauth/callback?code=x&state=forged", null, null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("field").asText()).isEqualTo("state");
    assertThat(bot.call("GET", "/session", null, DiscordSignIn.PREFIX + "forged").status()).isEqualTo(401);
  }
}
