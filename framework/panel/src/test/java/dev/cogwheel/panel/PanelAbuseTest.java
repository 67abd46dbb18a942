package dev.cogwheel.panel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cogwheel.panel.RunningBot.Response;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The panel against requests an attacker would send: guessed tokens, ids in other scripts, Jetty's
 * own errors, caching. Its own bot, because guessing blocks the test client's address for a minute.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelAbuseTest {

  RunningBot bot;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) throws Exception {
    bot = new RunningBot(schema, plugins, false);
  }

  @AfterAll
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  @Test
  void idsMustBeAsciiDigitsAndBodiesExactlyOneJsonObject() {
    for (String guild : new String[] {"\u0661\u0662\u0663", "%2B5", "-5", "5x", "%205"}) {
      Response refused = bot.call("PUT", "/config/hello/times?guild=" + guild, "{\"value\": \"2\"}");
      assertThat(refused.status()).as(guild).isEqualTo(400);
      assertThat(refused.json().path("field").asText()).isEqualTo("guild");
    }
    Response trailing = bot.call("PUT", "/config/hello/times?guild=" + bot.guildId(), "{\"value\": \"2\"} x");
    assertThat(trailing.status()).isEqualTo(400);
    assertThat(trailing.json().path("field").asText()).isEqualTo("body");
    assertThat(bot.call("GET", "/audit?limit=%2B5", null).status()).isEqualTo(400);
  }

  @Test
  void everyResponseIsNoStoreStaticPagesIncluded() throws Exception {
    for (String path : new String[] {"/", "/app.js", "/api/v1/health"}) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(bot.url() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.headers().allValues("Cache-Control")).as(path).containsExactly("no-store");
    }
    Response missing = bot.call("GET", "/nosuch", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.headers().allValues("Cache-Control")).containsExactly("no-store");
  }

  @Test
  void jettysOwnErrorsAreJsonInTheApisFormat() throws Exception {
    HttpResponse<String> tooLong = http.send(HttpRequest.newBuilder(URI.create(bot.url() + "/api/v1/health?x=" + "a".repeat(20_000)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tooLong.statusCode()).isEqualTo(414);
    assertThat(tooLong.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(PanelServer.MAPPER.readTree(tooLong.body()).path("error").asText()).startsWith("The server refused the request: 414");

    URI uri = URI.create(bot.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
          .contains("{\"error\":\"The server refused the request: 400").doesNotContain("<html");
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // it blocks this client's address for the rest of the class
  void guessingTokensIsLoggedOnceAndThenRefusedWith429WhateverIsPresented() {
    Logger logger = (Logger) LoggerFactory.getLogger(FailedAuthentications.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      for (int i = 0; i < FailedAuthentications.LIMIT; i++) {
        assertThat(bot.call("GET", "/plugins", null, PanelTokens.generate()).status()).isEqualTo(401);
      }
      Response blocked = bot.call("GET", "/plugins", null, bot.token);
      assertThat(blocked.status()).isEqualTo(429);
      assertThat(blocked.json().path("field").asText()).isEqualTo("Authorization");
      assertThat(blocked.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
          assertThat(Long.parseLong(seconds)).isBetween(1L, FailedAuthentications.WINDOW.toSeconds()));
      assertThat(bot.call("GET", "/health", null, null).status()).as("open routes stay open").isEqualTo(200);
    } finally {
      logger.detachAppender(captured);
    }
    assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
        .allSatisfy(line -> assertThat(line).doesNotContain("cwp_"))
        .anySatisfy(line -> assertThat(line).startsWith("panel.auth_failed client=").contains("reason=unknown_token"))
        .anySatisfy(line -> assertThat(line).startsWith("panel.auth_blocked client=").contains("failures=" + FailedAuthentications.LIMIT));
  }
}
