package dev.cogwheel.panel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.panel.RunningBot.Response;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.net.CookieManager;
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

  /** A browser: it keeps its cookies and follows no redirect by itself. */
  private static HttpClient browser() {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).build();
  }

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

  /** Follows the redirects a browser would, from the panel to Discord and back, and collects the session as the panel page does. */
  private String signIn(String user) throws Exception {
    HttpClient browser = browser();
    String code = handoverCode(browser, discordCallback(browser, user));
    HttpResponse<String> collected = collect(browser, code);
    assertThat(collected.statusCode()).as(collected.body()).isEqualTo(200);
    String session = PanelServer.MAPPER.readTree(collected.body()).path("session").asText();
    assertThat(session).startsWith(DiscordSignIn.PREFIX);
    return session;
  }

  /** Starts a sign-in in a browser and lets Discord approve it: the URL Discord sends that browser back to. */
  private String discordCallback(HttpClient browser, String user) throws Exception {
    bot.discord.signInAs(user);
    HttpResponse<String> login = get(browser, bot.url() + PanelServer.API + "/oauth/login");
    String toDiscord = location(login);
    assertThat(toDiscord).startsWith(bot.discord.baseUrl() + "/oauth2/authorize?").contains("scope=identify%20guilds");
    assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
        .startsWith(DiscordSignIn.COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax")
        .contains("Path=/api/v1/oauth"));
    String back = location(get(browser, toDiscord));
    assertThat(back).startsWith(bot.url() + PanelServer.API + "/oauth/callback?code=");
    return back;
  }

  private String handoverCode(HttpClient browser, String callback) throws Exception {
    String panel = location(get(browser, callback));
    assertThat(panel).startsWith("/#signin=").doesNotContain(DiscordSignIn.PREFIX);
    return panel.substring("/#signin=".length());
  }

  private HttpResponse<String> collect(HttpClient browser, String code) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(bot.url() + PanelServer.API + "/oauth/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"code\": \"" + code + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(302);
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

  @Test
  void aCallbackOpenedInAnotherBrowserSignsNobodyIn() throws Exception {
    String attackersCallback = discordCallback(browser(), "bob");

    HttpResponse<String> victim = get(browser(), attackersCallback);

    assertThat(victim.statusCode()).isEqualTo(400);
    assertThat(PanelServer.MAPPER.readTree(victim.body()).path("error").asText()).contains("started in another browser");
  }

  @Test
  void aHandoverCodeWorksOnceAndOnlyInTheBrowserThatSignedIn() throws Exception {
    HttpClient attacker = browser();
    String code = handoverCode(attacker, discordCallback(attacker, "alice"));

    HttpResponse<String> victim = collect(browser(), code);
    assertThat(victim.statusCode()).isEqualTo(400);
    assertThat(PanelServer.MAPPER.readTree(victim.body()).path("error").asText()).contains("belongs to another browser");
    HttpResponse<String> again = collect(attacker, code);
    assertThat(again.statusCode()).as("a code is used up by its first use").isEqualTo(400);

    HttpClient alice = browser();
    String fresh = handoverCode(alice, discordCallback(alice, "alice"));
    assertThat(collect(alice, fresh).statusCode()).isEqualTo(200);
    assertThat(collect(alice, fresh).statusCode()).isEqualTo(400);
  }
}
