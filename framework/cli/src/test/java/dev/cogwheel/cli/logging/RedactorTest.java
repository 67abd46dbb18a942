package dev.cogwheel.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void databaseAndRedisUrlsAreReplacedWhole() {
    assertThat(Redactor.redact("open jdbc:postgresql://db.internal:5432/bots?user=bot&password=Tr0ub4dor failed"))
        .isEqualTo("open <redacted:url> failed");
    assertThat(Redactor.redact("url=postgres://bot:s3cr3t@db.internal:5432/bots, retrying"))
        .isEqualTo("url=<redacted:url>, retrying");
    assertThat(Redactor.redact("cache redis://:redispass@cache:6379/0 down")).isEqualTo("cache <redacted:url> down");
    assertThat(Redactor.redact("proxy https://user:pw@proxy.example/x")).isEqualTo("proxy <redacted:url>");
  }

  @Test
  void ordinaryUrlsAndTextAreKept() {
    String line = "plugin.started plugin=xp version=1.2.0 source=https://discord.com/api/v10/gateway (3 ms)";

    assertThat(Redactor.redact(line)).isEqualTo(line);
    assertThat(Redactor.redact("\tat dev.cogwheel.runtime.plugin.LoadedPlugin.start(LoadedPlugin.java:161)"))
        .isEqualTo("\tat dev.cogwheel.runtime.plugin.LoadedPlugin.start(LoadedPlugin.java:161)");
  }

  @Test
  void passwordPairsLoseTheirValue() {
    assertThat(Redactor.redact("connect user=bot password=hunter22 host=db"))
        .isEqualTo("connect user=bot password=<redacted:password> host=db");
    assertThat(Redactor.redact("PGPASSWORD='a b c' pwd=xyz {\"password\": \"q\\\"w\"}"))
        .isEqualTo("PGPASSWORD=<redacted:password> pwd=<redacted:password> {\"password\": <redacted:password>}");
    assertThat(Redactor.redact("pid.secret: abcdef, api_key=k-123"))
        .isEqualTo("pid.secret: <redacted:password>, api_key=<redacted:password>");
  }

  @Test
  void discordTokensAndAuthorizationValuesAreReplaced() {
    String token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

    assertThat(Redactor.redact("login with " + token + " failed")).isEqualTo("login with <redacted:token> failed");
    assertThat(Redactor.redact("Authorization: Bot odd_token_format_0123456789"))
        .isEqualTo("Authorization: Bot <redacted:token>");
    assertThat(Redactor.redact("header Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"))
        .isEqualTo("header Bearer <redacted:token>");
    assertThat(Redactor.redact("POST interactions/123456789012345678/aW50ZXJhY3Rpb246MTIzNDU2/callback"))
        .startsWith("POST interactions/<id:").endsWith(">/<redacted:token>/callback");
  }

  @Test
  void registeredSecretsAreReplacedInAnyFormat() {
    assertThat(Redactor.registerSecret("weird secret with spaces & symbols")).isTrue();
    assertThat(Redactor.registerSecret("abc")).isFalse();

    assertThat(Redactor.redact("value is weird secret with spaces & symbols!")).isEqualTo("value is <redacted:secret>!");
    assertThat(Redactor.redact("encoded weird+secret+with+spaces+%26+symbols")).isEqualTo("encoded <redacted:secret>");
  }

  @Test
  void discordIdsBecomeStableTagsThatDifferPerId() {
    String first = Redactor.redact("member.joined user=123456789012345678 guild=98765432109876543210");
    String again = Redactor.redact("xp.persisted user=123456789012345678");

    assertThat(first).doesNotContain("123456789012345678").doesNotContain("98765432109876543210")
        .matches("member\\.joined user=<id:[0-9a-f]{8}> guild=<id:[0-9a-f]{8}>");
    assertThat(again).isEqualTo("xp.persisted user=" + Redactor.tag(123456789012345678L));
    assertThat(first).startsWith("member.joined user=" + Redactor.tag(123456789012345678L) + " guild=")
        .doesNotEndWith(Redactor.tag(123456789012345678L));
    assertThat(Redactor.redact("took 1234567890123456 ns")).isEqualTo("took 1234567890123456 ns");
  }

  @Test
  void messageContentsAreReplacedInPayloadsAndWhenMarked() {
    assertThat(Redactor.redact("payload {\"content\":\"my \\\"private\\\" words\",\"tts\":false}"))
        .isEqualTo("payload {\"content\":\"<redacted:content>\",\"tts\":false}");
    assertThat(Sensitive.content("my private words")).hasToString("<redacted:content>");
    assertThat(Sensitive.content("my private words").value()).isEqualTo("my private words");
  }

  @Test
  void panelTokensAndSessionsAreReplacedWhereverTheyAppear() {
    String token = "cwp_" + "A1b2_C3-d4".repeat(4) + "xyz";
    String session = "cws_" + "Zz9-".repeat(10) + "q";

    assertThat(Redactor.redact("GET /api/v1/plugins Authorization=" + token)).isEqualTo("GET /api/v1/plugins Authorization=<redacted:token>");
    assertThat(Redactor.redact("Location: /#session=" + session)).isEqualTo("Location: /#session=<redacted:token>");
    assertThat(Redactor.redact("cwp_short and cws_ are words")).isEqualTo("cwp_short and cws_ are words");
  }
}
