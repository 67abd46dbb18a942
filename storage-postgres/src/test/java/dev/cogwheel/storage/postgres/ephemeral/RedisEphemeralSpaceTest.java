package dev.cogwheel.storage.postgres.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.ephemeral.EphemeralStore;
import dev.cogwheel.storage.spi.StorageSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How the Redis space behaves without a working Redis; needs no server. */
class RedisEphemeralSpaceTest {

  private static final String PASSWORD = "s3cret-Pa55";
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
  /**
   * Not a speed target: far below Lettuce's own 60 s default, so a call that ignores the configured
   * timeout (a hang) fails the test, while a loaded machine's slow connection refusal does not.
   */
  private static final Duration FAST = Duration.ofSeconds(30);

  @Test
  void unreachableRedisFailsFastWithoutShowingTheUrl() {
    String url = "redis://:" + PASSWORD + "@127.0.0.1:1";
    try (RedisEphemeralSpace space = new RedisEphemeralSpace(url, "cfg", SHORT_TIMEOUT)) {
      EphemeralStore store = space.forPlugin("alpha");

      StorageUnavailableException failure =
          failsFast(() -> store.put("cooldown", "v", Duration.ofSeconds(5)));

      assertThat(failure)
          .hasMessageContaining(
              "Ephemeral put of plugin 'alpha' failed: Redis could not be reached")
          .hasMessageContaining("ephemeral.redis.url");
      assertHidesTheUrl(failure, url);
    }
  }

  @Test
  void everyOperationOfAnUnreachableRedisFailsNamingItself() {
    String url = "redis://user:" + PASSWORD + "@127.0.0.1:1/3";
    try (RedisEphemeralSpace space = new RedisEphemeralSpace(url, "cfg", SHORT_TIMEOUT)) {
      EphemeralStore store = space.forPlugin("alpha");
      Map<String, Runnable> operations =
          Map.of(
              "get", () -> store.get("k"),
              "put", () -> store.put("k", "v", Duration.ofSeconds(1)),
              "putIfAbsent", () -> store.putIfAbsent("k", "v", Duration.ofSeconds(1)),
              "delete", () -> store.delete("k"),
              "deleteAll", () -> space.deleteAll("alpha"));

      operations.forEach(
          (operation, call) -> {
            StorageUnavailableException failure = failsFast(call);
            assertThat(failure)
                .hasMessageStartingWith("Ephemeral " + operation + " of plugin 'alpha'");
            assertHidesTheUrl(failure, url);
          });
    }
  }

  @Test
  void redisThatAcceptsButNeverAnswersFailsWithinTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RedisEphemeralSpace space =
            new RedisEphemeralSpace(
                "redis://:" + PASSWORD + "@127.0.0.1:" + silent.getLocalPort(),
                "cfg",
                SHORT_TIMEOUT)) {
      EphemeralStore store = space.forPlugin("alpha");

      StorageUnavailableException failure = failsFast(() -> store.get("k"));

      assertThat(failure).hasMessageStartingWith("Ephemeral get of plugin 'alpha' failed: Redis");
      assertHidesTheUrl(failure, "127.0.0.1:" + silent.getLocalPort());
    }
  }

  @Test
  void closedSpaceRefusesOperations() {
    RedisEphemeralSpace space =
        new RedisEphemeralSpace("redis://127.0.0.1:1", "cfg", SHORT_TIMEOUT);
    EphemeralStore store = space.forPlugin("alpha");
    space.close();
    space.close();

    assertThatThrownBy(() -> store.get("k"))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining(
            "Ephemeral get of plugin 'alpha' failed: the ephemeral space is closed");
  }

  @Test
  void invalidUrlsNameTheSettingButNotThePassword() {
    List<String> invalid =
        List.of(
            "http://:" + PASSWORD + "@localhost:6379",
            "redis://user:" + PASSWORD + "@host:notaport",
            "redis://:" + PASSWORD + "@",
            "redis://:" + PASSWORD + "@host:6379/notadatabase",
            "redis://:" + PASSWORD + "@host:99999",
            "redis://:pass@" + PASSWORD + "@host:6379",
            "redis://:" + PASSWORD + "@host name:6379",
            "   ");

    for (String url : invalid) {
      StorageInvalidException failure =
          catchThrowableOfType(
              StorageInvalidException.class,
              () -> new RedisEphemeralSpace(url, "cfg", SHORT_TIMEOUT).close());

      assertThat(failure).as("failure for a bad URL").isNotNull();
      assertThat(failure)
          .hasMessageStartingWith("ephemeral.redis.url ")
          .hasMessageContaining("expected redis://[[user]:password@]host[:port][/database]")
          .hasNoCause();
      assertThat(failure.getMessage()).doesNotContain(PASSWORD).doesNotContain("notaport");
    }
  }

  @Test
  void validUrlsAreAcceptedWithoutConnecting() {
    for (String url :
        List.of(
            "redis://127.0.0.1:1",
            "redis://:" + PASSWORD + "@127.0.0.1:1/2",
            "rediss://user:p%40ss@127.0.0.1:1",
            "REDIS://[::1]:1")) {
      new RedisEphemeralSpace(url, "cfg", SHORT_TIMEOUT).close();
    }
  }

  @Test
  void invalidUrlInTheSettingsFailsWhenOpening() {
    StorageSettings settings = StorageSettings.of(Map.of("ephemeral.redis.url", "redis://"));

    assertThatThrownBy(() -> EphemeralSpace.open(settings, "cfg"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("ephemeral.redis.url ");
  }

  @Test
  void pluginIdsAndNamespacesThatWouldBreakTheKeyLayoutAreRefused() {
    assertThatThrownBy(() -> new RedisEphemeralSpace("redis://127.0.0.1:1", "a:b", SHORT_TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace 'a:b'");
    try (RedisEphemeralSpace space =
        new RedisEphemeralSpace("redis://127.0.0.1:1", "cfg", SHORT_TIMEOUT)) {
      assertThatThrownBy(() -> space.forPlugin("al*"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("plugin id 'al*'");
      assertThatThrownBy(() -> space.deleteAll(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("plugin id of a Redis ephemeral key is empty");
    }
  }

  @Test
  void keysAreLaidOutByNamespacePluginAndKey() {
    try (RedisEphemeralSpace space =
        new RedisEphemeralSpace("redis://127.0.0.1:1", "cfg", SHORT_TIMEOUT)) {
      assertThat(space.redisKey("tempvc", "owner:42")).isEqualTo("cogwheel:cfg:tempvc:owner:42");
    }
  }

  private static StorageUnavailableException failsFast(Runnable call) {
    long started = System.nanoTime();
    StorageUnavailableException failure =
        catchThrowableOfType(StorageUnavailableException.class, call::run);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(failure).as("StorageUnavailableException").isNotNull();
    assertThat(took).as("time to fail").isLessThan(FAST);
    return failure;
  }

  private static void assertHidesTheUrl(Throwable failure, String url) {
    assertThat(failure.getMessage()).doesNotContain(url).doesNotContain("redis://");
    forEachInChain(
        failure,
        t ->
            assertThat(String.valueOf(t.getMessage()))
                .as("message of %s", t.getClass().getName())
                .doesNotContain(PASSWORD));
  }

  private static void forEachInChain(Throwable failure, Consumer<Throwable> check) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      check.accept(t);
      for (Throwable suppressed : t.getSuppressed()) {
        check.accept(suppressed);
      }
    }
  }
}
