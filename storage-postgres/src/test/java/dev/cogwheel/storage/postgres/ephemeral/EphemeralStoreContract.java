package dev.cogwheel.storage.postgres.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.ephemeral.EphemeralStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link EphemeralStore} of this package does, whatever keeps the values. */
abstract class EphemeralStoreContract {

  static final Duration LONG_TTL = Duration.ofMinutes(5);
  static final int RACERS = 16;

  /** The space under test; plugins "alpha" and "beta" hold no values when a test starts. */
  abstract EphemeralSpace space();

  /** A TTL that {@link #awaitExpiry} lets run out. */
  abstract Duration shortTtl();

  /** Returns once a value written with {@link #shortTtl()} has expired. */
  abstract void awaitExpiry(EphemeralStore store, String key);

  EphemeralStore alpha() {
    return space().forPlugin("alpha");
  }

  EphemeralStore beta() {
    return space().forPlugin("beta");
  }

  @Test
  void putThenGetReturnsTheValue() {
    alpha().put("greeting", "hello", LONG_TTL);

    assertThat(alpha().get("greeting")).contains("hello");
  }

  @Test
  void getOfAnAbsentKeyIsEmpty() {
    assertThat(alpha().get("nothing-here")).isEmpty();
  }

  @Test
  void putReplacesTheValue() {
    alpha().put("mood", "calm", LONG_TTL);
    alpha().put("mood", "busy", LONG_TTL);

    assertThat(alpha().get("mood")).contains("busy");
  }

  @Test
  void deleteRemovesALiveValueAndSaysSoOnlyOnce() {
    alpha().put("pending", "yes", LONG_TTL);

    assertThat(alpha().delete("pending")).isTrue();
    assertThat(alpha().get("pending")).isEmpty();
    assertThat(alpha().delete("pending")).isFalse();
  }

  @Test
  void expiredValueIsGoneAndItsKeyCanBeTakenAgain() {
    assertThat(alpha().putIfAbsent("cooldown", "first", shortTtl())).isTrue();

    awaitExpiry(alpha(), "cooldown");

    assertThat(alpha().get("cooldown")).isEmpty();
    assertThat(alpha().delete("cooldown")).isFalse();
    assertThat(alpha().putIfAbsent("cooldown", "second", LONG_TTL)).isTrue();
    assertThat(alpha().get("cooldown")).contains("second");
  }

  @Test
  void putIfAbsentKeepsALiveValue() {
    assertThat(alpha().putIfAbsent("lock", "first", LONG_TTL)).isTrue();

    assertThat(alpha().putIfAbsent("lock", "second", LONG_TTL)).isFalse();
    assertThat(alpha().get("lock")).contains("first");
  }

  @Test
  void putIfAbsentHasExactlyOneWinnerAmongRacingThreads() throws Exception {
    EphemeralStore store = alpha();
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "race-" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int racer = 0; racer < RACERS; racer++) {
          String value = "racer-" + racer;
          attempts.add(
              pool.submit(
                  () -> {
                    start.await();
                    return store.putIfAbsent(key, value, LONG_TTL);
                  }));
        }
        start.countDown();
        List<String> winners = new ArrayList<>();
        for (int racer = 0; racer < RACERS; racer++) {
          if (attempts.get(racer).get(30, TimeUnit.SECONDS)) {
            winners.add("racer-" + racer);
          }
        }

        assertThat(winners).as("winners of round %d", round).hasSize(1);
        assertThat(store.get(key)).contains(winners.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pluginsDoNotSeeEachOthersKeys() {
    alpha().put("shared-name", "alpha's", LONG_TTL);

    assertThat(beta().get("shared-name")).isEmpty();
    assertThat(beta().putIfAbsent("shared-name", "beta's", LONG_TTL)).isTrue();
    assertThat(beta().delete("shared-name")).isTrue();
    assertThat(alpha().get("shared-name")).contains("alpha's");
  }

  @Test
  void keysMayHoldColonsSpacesAndAnyLetters() {
    alpha().put("guild:1:user:2", "colons", LONG_TTL);
    alpha().put("ünïcödé ✓ 😀", "letters", LONG_TTL);

    assertThat(alpha().get("guild:1:user:2")).contains("colons");
    assertThat(alpha().get("ünïcödé ✓ 😀")).contains("letters");
    assertThat(beta().get("guild:1:user:2")).isEmpty();
  }

  @Test
  void deleteAllRemovesEveryValueOfThatPluginOnly() {
    alpha().put("one", "1", LONG_TTL);
    alpha().put("two", "2", LONG_TTL);
    alpha().put("three", "3", LONG_TTL);
    beta().put("one", "b1", LONG_TTL);

    assertThat(space().deleteAll("alpha")).isEqualTo(3);

    assertThat(alpha().get("one")).isEmpty();
    assertThat(alpha().get("three")).isEmpty();
    assertThat(beta().get("one")).contains("b1");
    assertThat(space().deleteAll("alpha")).isZero();
  }

  @Test
  void keyOfTwoHundredCharactersIsAcceptedAndLongerIsRejectedAbbreviated() {
    String longest = "k".repeat(200);
    alpha().put(longest, "v", LONG_TTL);
    assertThat(alpha().get(longest)).contains("v");

    String tooLong = "k".repeat(201);
    assertThatThrownBy(() -> alpha().put(tooLong, "v", LONG_TTL))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin 'alpha'")
        .hasMessageContaining("is 201 characters long")
        .hasMessageContaining("allowed: 1 to 200 characters")
        .hasMessageContaining("\"" + "k".repeat(40) + "...\"")
        .hasMessageNotContaining(tooLong);
  }

  @Test
  void emptyNullAndControlCharacterKeysAreRejectedSayingWhy() {
    assertThatThrownBy(() -> alpha().get(""))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin 'alpha' is empty")
        .hasMessageContaining("allowed: 1 to 200 characters without control characters");
    assertThatThrownBy(() -> alpha().put(null, "v", LONG_TTL))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin 'alpha' is null");
    assertThatThrownBy(() -> alpha().delete("line\nbreak"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("\"line\\u000abreak\"")
        .hasMessageContaining("control character U+000A at index 4")
        .hasMessageNotContaining("\n");
  }

  @Test
  void valueOf64KibIsAcceptedAndOneByteMoreIsRejected() {
    String largest = "v".repeat(64 * 1024);
    alpha().put("big", largest, LONG_TTL);
    assertThat(alpha().get("big")).contains(largest);

    assertThatThrownBy(() -> alpha().put("big", largest + "v", LONG_TTL))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("value for key \"big\" of plugin 'alpha' is 65537 bytes in UTF-8")
        .hasMessageContaining("allowed: at most 65536 bytes (64 KiB)");
  }

  @Test
  void valueSizeCountsUtf8BytesNotCharacters() {
    String euros = "€".repeat(21_846);

    assertThatThrownBy(() -> alpha().putIfAbsent("price", euros, LONG_TTL))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("is 65538 bytes in UTF-8");
    assertThatThrownBy(() -> alpha().put("price", null, LONG_TTL))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("value for key \"price\" of plugin 'alpha' is null");
  }

  @Test
  void ttlFromOneMillisecondToThirtyDaysIsAcceptedAndOtherwiseRejected() {
    alpha().put("shortest", "v", Duration.ofMillis(1));
    alpha().put("longest", "v", Duration.ofDays(30));
    assertThat(alpha().get("longest")).contains("v");

    for (Duration bad :
        List.of(
            Duration.ZERO,
            Duration.ofSeconds(-5),
            Duration.ofNanos(999_999),
            Duration.ofDays(30).plusMillis(1))) {
      assertThatThrownBy(() -> alpha().put("ttl", "v", bad))
          .isInstanceOf(StorageInvalidException.class)
          .hasMessageContaining("TTL for key \"ttl\" of plugin 'alpha' is " + bad)
          .hasMessageContaining("allowed: 1 ms (PT0.001S) to 30 days (PT720H)");
    }
    assertThatThrownBy(() -> alpha().putIfAbsent("ttl", "v", null))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("is null");
    assertThat(alpha().get("ttl")).isEmpty();
  }
}
