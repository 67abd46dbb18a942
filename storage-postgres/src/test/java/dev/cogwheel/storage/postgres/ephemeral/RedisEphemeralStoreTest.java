package dev.cogwheel.storage.postgres.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cogwheel.storage.ephemeral.EphemeralStore;
import dev.cogwheel.storage.spi.StorageSettings;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs against the Redis named by {@code COGWHEEL_TEST_REDIS_URL}; skipped without it. */
class RedisEphemeralStoreTest extends EphemeralStoreContract {

  private static final Duration SHORT_TTL = Duration.ofMillis(50);
  private static final Duration EXPIRY_WAIT_LIMIT = Duration.ofSeconds(5);

  private static String url;
  private static String namespace;
  private static RedisEphemeralSpace space;
  private static RedisClient rawClient;
  private static StatefulRedisConnection<String, String> rawConnection;

  @BeforeAll
  static void connect() {
    url = System.getenv("COGWHEEL_TEST_REDIS_URL");
    Assumptions.assumeTrue(
        url != null && !url.isBlank(), "COGWHEEL_TEST_REDIS_URL is not set: Redis tests skipped");
    namespace = randomNamespace();
    space = new RedisEphemeralSpace(url, namespace, Duration.ofSeconds(2));
    rawClient = RedisClient.create(url);
    rawConnection = rawClient.connect();
  }

  @AfterEach
  void removeTestValues() {
    space.deleteAll("alpha");
    space.deleteAll("beta");
  }

  @AfterAll
  static void cleanUpAndDisconnect() {
    if (space == null) {
      return;
    }
    try {
      List<String> left = keysUnder("cogwheel:" + namespace + ":*");
      if (!left.isEmpty()) {
        raw().del(left.toArray(String[]::new));
      }
      assertThat(left).as("keys left behind by deleteAll").isEmpty();
    } finally {
      space.close();
      rawConnection.close();
      rawClient.shutdown();
    }
  }

  @Override
  EphemeralSpace space() {
    return space;
  }

  @Override
  Duration shortTtl() {
    return SHORT_TTL;
  }

  @Override
  void awaitExpiry(EphemeralStore store, String key) {
    long deadline = System.nanoTime() + EXPIRY_WAIT_LIMIT.toNanos();
    while (store.get(key).isPresent()) {
      if (System.nanoTime() - deadline > 0) {
        fail("the value of '%s' did not expire within %s", key, EXPIRY_WAIT_LIMIT);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void valuesAreKeptUnderTheNamespaceAndPluginWithTheirTtl() {
    alpha().put("guild:7:cooldown", "v", Duration.ofSeconds(60));

    String redisKey = "cogwheel:" + namespace + ":alpha:guild:7:cooldown";
    assertThat(raw().get(redisKey)).isEqualTo("v");
    assertThat(raw().pttl(redisKey)).isBetween(55_000L, 60_000L);
  }

  @Test
  void putIfAbsentSetsTheTtlToo() {
    alpha().putIfAbsent("lock", "v", Duration.ofSeconds(30));

    assertThat(raw().pttl("cogwheel:" + namespace + ":alpha:lock")).isBetween(25_000L, 30_000L);
  }

  @Test
  void aTtlWithAFractionOfAMillisecondIsRoundedUp() {
    alpha().put("fraction", "v", Duration.ofSeconds(60).plusNanos(1));

    assertThat(raw().pttl("cogwheel:" + namespace + ":alpha:fraction")).isBetween(55_000L, 60_001L);
  }

  @Test
  void instancesWithDifferentNamespacesDoNotSeeEachOthersValues() {
    String otherNamespace = randomNamespace();
    try (RedisEphemeralSpace other =
        new RedisEphemeralSpace(url, otherNamespace, Duration.ofSeconds(2))) {
      alpha().put("same-key", "ours", LONG_TTL);
      EphemeralStore theirs = other.forPlugin("alpha");

      assertThat(theirs.get("same-key")).isEmpty();
      theirs.put("same-key", "theirs", LONG_TTL);
      assertThat(other.deleteAll("alpha")).isEqualTo(1);
      assertThat(alpha().get("same-key")).contains("ours");
      assertThat(keysUnder("cogwheel:" + otherNamespace + ":*")).isEmpty();
    }
  }

  @Test
  void deleteAllWalksEveryScanPage() {
    for (int i = 0; i < 1_234; i++) {
      beta().put("many-" + i, "v", LONG_TTL);
    }
    alpha().put("kept", "v", LONG_TTL);

    assertThat(space.deleteAll("beta")).isEqualTo(1_234);

    assertThat(keysUnder("cogwheel:" + namespace + ":beta:*")).isEmpty();
    assertThat(alpha().get("kept")).contains("v");
  }

  @Test
  void settingsWithARedisUrlGiveARedisSpace() {
    try (EphemeralSpace opened =
        EphemeralSpace.open(StorageSettings.of(Map.of("ephemeral.redis.url", url)), namespace)) {
      assertThat(opened).isInstanceOf(RedisEphemeralSpace.class);
      alpha().put("seen", "by both", LONG_TTL);
      assertThat(opened.forPlugin("alpha").get("seen")).contains("by both");
    }
  }

  private static RedisCommands<String, String> raw() {
    return rawConnection.sync();
  }

  private static List<String> keysUnder(String pattern) {
    List<String> keys = new ArrayList<>();
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(500);
    KeyScanCursor<String> cursor = raw().scan(args);
    keys.addAll(cursor.getKeys());
    while (!cursor.isFinished()) {
      cursor = raw().scan(cursor, args);
      keys.addAll(cursor.getKeys());
    }
    return keys;
  }

  private static String randomNamespace() {
    return "test" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
