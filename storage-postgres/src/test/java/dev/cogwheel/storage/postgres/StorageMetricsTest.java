package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.postgres.core.StorageMetrics;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.state.StateStore;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StorageMetricsTest {

  static final ConfigKey<Long> LIMIT = ConfigKey.builder("limit", ConfigType.LONG).defaultValue(5L).build();

  record Score(String member, long points) {}

  static TestSchema schema;
  static SimpleMeterRegistry registry;
  static PostgresStorageBackend backend;
  static StorageService metered;

  @BeforeAll
  static void open(TestSchema testSchema) {
    schema = testSchema;
    registry = new SimpleMeterRegistry();
    Metrics.addRegistry(registry);
    backend = Backends.open(schema);
    metered = backend.forPlugin("metered");
    Backends.sql(schema, "CREATE TABLE metered_scores (member text PRIMARY KEY, points bigint NOT NULL DEFAULT 0)");
  }

  @AfterAll
  static void close() {
    backend.close();
    Metrics.removeRegistry(registry);
    registry.close();
  }

  private static long count(String operation, String outcome) {
    Timer timer = registry.find(StorageMetrics.OPERATIONS)
        .tags("plugin", "metered", "operation", operation, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void tableOperationsAreTimedByKindAndOutcome() {
    Table<Score> scores = metered.table("metered_scores", Score.class);
    long upserts = count("table.upsert", "SUCCEEDED");
    long finds = count("table.find", "SUCCEEDED");
    long queries = count("table.query", "SUCCEEDED");
    long conflicts = count("table.insert", "CONFLICT");

    scores.upsert(new Score("ada", 1));
    scores.upsert(new Score("bob", 2));
    assertThat(scores.find(Key.of("ada"))).isPresent();
    assertThat(scores.query(Query.where("member", "bob"))).hasSize(1);
    assertThatThrownBy(() -> scores.insert(new Score("ada", 3))).isInstanceOf(StorageConflictException.class);

    assertThat(count("table.upsert", "SUCCEEDED")).isEqualTo(upserts + 2);
    assertThat(count("table.find", "SUCCEEDED")).isEqualTo(finds + 1);
    assertThat(count("table.query", "SUCCEEDED")).isEqualTo(queries + 1);
    assertThat(count("table.insert", "CONFLICT")).isEqualTo(conflicts + 1);
    assertThat(registry.find(StorageMetrics.OPERATIONS).tag("operation", "table.find").timer().totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
  }

  @Test
  void configReadsSayWhetherTheCacheAnsweredThem() throws Exception {
    // The cache serves reads only while its notification connection is up.
    assertThat(backend.configBus().awaitListening(Duration.ofSeconds(30))).isTrue();
    ConfigScope guild = ConfigScope.guild(77);
    long uncached = count("config.read.uncached", "SUCCEEDED");
    long cached = count("config.read.cached", "SUCCEEDED");
    long writes = count("config.write", "SUCCEEDED");
    long invalid = count("config.write", "INVALID");
    ConfigKey<Long> bounded = ConfigKey.builder("bounded", ConfigType.LONG).defaultValue(1L)
        .rule(ConfigRule.between(1L, 10L)).build();

    // Nothing is stored: the first get reads the guild and the global scope from the database, and
    // the cache keeps that they are empty.
    assertThat(metered.config().get(LIMIT, guild)).isEqualTo(5L);
    assertThat(metered.config().get(LIMIT, guild)).isEqualTo(5L);
    assertThat(metered.config().find(LIMIT, guild)).isEmpty();

    assertThat(count("config.read.uncached", "SUCCEEDED")).isEqualTo(uncached + 1);
    assertThat(count("config.read.cached", "SUCCEEDED")).isEqualTo(cached + 2);

    metered.config().set(LIMIT, guild, 9L);
    assertThatThrownBy(() -> metered.config().set(bounded, guild, 11L)).isInstanceOf(StorageInvalidException.class);

    assertThat(count("config.write", "SUCCEEDED")).isEqualTo(writes + 1);
    assertThat(count("config.write", "INVALID")).isEqualTo(invalid + 1);
  }

  @Test
  void stateAndTransactionsAreTimed() {
    long writes = count("state.write", "SUCCEEDED");
    long reads = count("state.read", "SUCCEEDED");
    long transactions = count("transaction", "SUCCEEDED");
    long failedTransactions = count("transaction", "INVALID");
    long upserts = count("table.upsert", "SUCCEEDED");

    metered.state().put("room", "open");
    assertThat(metered.state().find("room")).isPresent();
    metered.state().compareAndSet("room", StateStore.ABSENT, "taken");
    metered.withTransaction(tx -> {
      tx.table("metered_scores", Score.class).upsert(new Score("carol", 5));
      tx.state().put("carol", "in");
      return null;
    });
    assertThatThrownBy(() -> metered.withTransaction(tx -> {
      throw new StorageInvalidException("no such wallet");
    })).isInstanceOf(StorageInvalidException.class);

    assertThat(count("state.write", "SUCCEEDED")).isEqualTo(writes + 3);
    assertThat(count("state.read", "SUCCEEDED")).isEqualTo(reads + 1);
    assertThat(count("transaction", "SUCCEEDED")).isEqualTo(transactions + 1);
    assertThat(count("transaction", "INVALID")).isEqualTo(failedTransactions + 1);
    assertThat(count("table.upsert", "SUCCEEDED")).isEqualTo(upserts + 1);
  }

  @Test
  void groupCommitBatchSizesAddUpToTheIncrements() {
    Table<Score> scores = metered.table("metered_scores", Score.class);
    DistributionSummary batches = registry.find(StorageMetrics.INCREMENT_BATCH).summary();
    assertThat(batches).as("registered before the registry was added, and still reported").isNotNull();
    long incrementsBefore = count("table.increment", "SUCCEEDED");

    // One caller after another: each increment waits for its commit, so each batch holds one.
    long batchesBefore = batches.count();
    double totalBefore = batches.totalAmount();
    for (int i = 0; i < 5; i++) {
      scores.increment(Key.of("dave"), "points", 1);
    }
    assertThat(batches.count()).isEqualTo(batchesBefore + 5);
    assertThat(batches.totalAmount()).isEqualTo(totalBefore + 5);

    // Many at once: however the committers group them, the batches hold each increment once.
    batchesBefore = batches.count();
    totalBefore = batches.totalAmount();
    List<CompletableFuture<Long>> pending = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pending.add(scores.incrementAsync(Key.of("erin" + (i % 10)), "points", 1));
    }
    pending.forEach(CompletableFuture::join);
    assertThat(batches.totalAmount()).isEqualTo(totalBefore + 200);
    assertThat(batches.count() - batchesBefore).isBetween(1L, 200L);
    assertThat(batches.max()).isLessThanOrEqualTo(4096);
    assertThat(count("table.increment", "SUCCEEDED")).isGreaterThanOrEqualTo(incrementsBefore + 5);
  }

  /** With a schema of its own, so its pool has a name of its own. */
  @Nested
  class Pool {

    @Test
    void thePoolPublishesItsMetersUntilItCloses(TestSchema own) {
      String pool = "cogwheel-" + own.name();
      PostgresStorageBackend opened = Backends.open(own);
      try {
        assertThat(registry.find("hikaricp.connections").tag("pool", pool).gauge()).isNotNull();
        assertThat(registry.find("hikaricp.connections.max").tag("pool", pool).gauge().value()).isEqualTo(4.0);
        assertThat(registry.find("hikaricp.connections.active").tag("pool", pool).gauge()).isNotNull();
        assertThat(registry.find("hikaricp.connections.pending").tag("pool", pool).gauge()).isNotNull();
        assertThat(registry.find("hikaricp.connections.acquire").tag("pool", pool).timer()).isNotNull();
      } finally {
        opened.close();
      }
      assertThat(registry.find("hikaricp.connections").tag("pool", pool).gauges()).isEmpty();
    }
  }
}
