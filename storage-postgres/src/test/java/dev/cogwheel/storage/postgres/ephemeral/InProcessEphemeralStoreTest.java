package dev.cogwheel.storage.postgres.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.ephemeral.EphemeralStore;
import dev.cogwheel.storage.spi.StorageSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InProcessEphemeralStoreTest extends EphemeralStoreContract {

  private static final Duration SHORT_TTL = Duration.ofSeconds(10);

  private final AtomicLong nanos = new AtomicLong(123_456_789L);
  private InProcessEphemeralSpace space;

  @BeforeEach
  void openSpace() {
    space = spaceHolding(1_000);
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
    advance(SHORT_TTL);
  }

  @Test
  void valueLivesUntilItsTtlRunsOutToTheNanosecond() {
    alpha().put("cooldown", "v", SHORT_TTL);

    advance(SHORT_TTL.minusNanos(1));
    assertThat(alpha().get("cooldown")).contains("v");
    assertThat(alpha().putIfAbsent("cooldown", "other", SHORT_TTL)).isFalse();

    advance(Duration.ofNanos(1));
    assertThat(alpha().get("cooldown")).isEmpty();
  }

  @Test
  void putRestartsTheTtl() {
    alpha().put("session", "v1", SHORT_TTL);
    advance(Duration.ofSeconds(8));
    alpha().put("session", "v2", SHORT_TTL);
    advance(Duration.ofSeconds(8));

    assertThat(alpha().get("session")).contains("v2");
  }

  @Test
  void whenFullAnExpiredValueIsEvictedBeforeAnOlderLiveOne() {
    space = spaceHolding(3);
    alpha().put("oldest", "live", Duration.ofHours(1));
    alpha().put("short", "expires", Duration.ofSeconds(1));
    alpha().put("newer", "live", Duration.ofHours(1));
    advance(Duration.ofSeconds(2));

    alpha().put("newest", "live", Duration.ofHours(1));

    assertThat(space.size()).isEqualTo(3);
    assertThat(alpha().get("oldest")).contains("live");
    assertThat(alpha().get("newer")).contains("live");
    assertThat(alpha().get("newest")).contains("live");
  }

  @Test
  void aValueReadOftenOutlivesAFloodOfValuesWrittenOnce() {
    space = spaceHolding(100);
    alpha().put("cooldown", "hot", LONG_TTL);
    for (int i = 0; i < 10_000; i++) {
      beta().put("flood-" + i, "v", LONG_TTL);
      if (i % 50 == 0) {
        assertThat(alpha().get("cooldown")).as("after %d flooding writes", i).contains("hot");
      }
    }

    assertThat(space.size()).isEqualTo(100);
    assertThat(alpha().get("cooldown")).contains("hot");
  }

  @Test
  void writesDropExpiredValuesThatAreNeverRead() {
    for (int i = 0; i < 50; i++) {
      alpha().put("forgotten-" + i, "v", Duration.ofSeconds(1));
    }
    advance(Duration.ofSeconds(2));

    beta().put("fresh", "v", Duration.ofSeconds(1));

    assertThat(space.size()).isEqualTo(1);
  }

  @Test
  void boundHoldsUnderConcurrentWritersAndEveryValueKeptIsOneWritten() throws Exception {
    space = spaceHolding(100);
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int writer = 0; writer < RACERS; writer++) {
        EphemeralStore store = space.forPlugin(writer % 2 == 0 ? "alpha" : "beta");
        String prefix = "writer-" + writer + "-";
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 2_000; i++) {
                    store.put(prefix + (i % 300), prefix + (i % 300), LONG_TTL);
                    if (i % 7 == 0) {
                      store.delete(prefix + ((i + 150) % 300));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(space.size()).isBetween(1, 100);
    int kept = 0;
    for (int writer = 0; writer < RACERS; writer++) {
      EphemeralStore store = space.forPlugin(writer % 2 == 0 ? "alpha" : "beta");
      for (int i = 0; i < 300; i++) {
        String key = "writer-" + writer + "-" + i;
        if (store.get(key).isPresent()) {
          assertThat(store.get(key)).contains(key);
          kept++;
        }
      }
    }
    assertThat(kept).isEqualTo(space.size());
  }

  @Test
  void closeDropsEveryValue() {
    alpha().put("k", "v", LONG_TTL);

    space.close();

    assertThat(space.size()).isZero();
    assertThat(alpha().get("k")).isEmpty();
  }

  @Test
  void settingsWithoutARedisUrlGiveAnInProcessSpace() {
    try (EphemeralSpace opened = EphemeralSpace.open(StorageSettings.of(Map.of()), "cfg")) {
      assertThat(opened).isInstanceOf(InProcessEphemeralSpace.class);
      assertThat(((InProcessEphemeralSpace) opened).maxEntries())
          .isEqualTo(InProcessEphemeralSpace.DEFAULT_MAX_ENTRIES);
    }
  }

  @Test
  void spaceMustHoldAtLeastOneValue() {
    assertThatThrownBy(() -> new InProcessEphemeralSpace(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries of the ephemeral space is 0; it must be at least 1");
  }

  private InProcessEphemeralSpace spaceHolding(int maxEntries) {
    return new InProcessEphemeralSpace(maxEntries, nanos::get);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
