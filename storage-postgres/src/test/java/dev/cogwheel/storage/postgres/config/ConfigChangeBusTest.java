package dev.cogwheel.storage.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The config cache's bound, on a bus whose bound is small enough to reach. */
@ExtendWith(PostgresExtension.class)
class ConfigChangeBusTest {

  /** A hang guard for the listening connection; it is not a performance assertion. */
  static final Duration HANG_GUARD = Duration.ofSeconds(30);
  static final int BOUND = 3;
  static final int KEYS = 10;

  @Test
  void theCacheKeepsAtMostItsBoundAndReadsPastItGoToTheDatabase(TestSchema schema) throws Exception {
    try (ConfigChangeBus bus = new ConfigChangeBus(schema.name(), schema::connect, true, BOUND)) {
      assertThat(bus.awaitListening(HANG_GUARD)).isTrue();
      AtomicInteger databaseReads = new AtomicInteger();
      Supplier<Optional<String>> database = () -> {
        databaseReads.incrementAndGet();
        return Optional.of("stored");
      };
      for (int i = 0; i < KEYS; i++) {
        bus.read("xp", "GUILD", "1", "key-" + i, database);
      }
      assertThat(databaseReads).hasValue(KEYS);

      databaseReads.set(0);
      for (int i = 0; i < KEYS; i++) {
        assertThat(bus.read("xp", "GUILD", "1", "key-" + i, database)).contains("stored");
      }

      assertThat(databaseReads.get()).as("reads the cache could not answer").isGreaterThanOrEqualTo(KEYS - BOUND);
    }
  }
}
