package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class IncrementTest {

  static TestSchema schema;
  static PostgresStorageBackend backend;
  static StorageService xp;

  record Counter(long guildId, String member, long xp, int level, String note) {}

  record Strict(long id, long n, String label) {}

  record NoKey(long id, long n) {}

  record CounterXp(long guildId, String member, long xp) {}

  @BeforeAll
  static void open(TestSchema testSchema) {
    schema = testSchema;
    backend = Backends.open(schema);
    xp = backend.forPlugin("xp");
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static Table<Counter> counters(String name) {
    Backends.sql(schema, "CREATE TABLE " + name + " (guild_id bigint NOT NULL, member text NOT NULL,"
        + " xp bigint NOT NULL DEFAULT 0, level integer NOT NULL DEFAULT 1, note text,"
        + " PRIMARY KEY (guild_id, member))");
    return xp.table(name, Counter.class);
  }

  @Test
  void thirtyTwoThreadsIncrementingOneKeyEndAtExactlyTheirSum() throws Exception {
    Table<Counter> table = counters("xp_hot");
    Key key = Key.of(1L, "hot");
    int threads = 32;
    int perThread = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          start.await();
          List<Long> values = new ArrayList<>(perThread);
          for (int i = 0; i < perThread; i++) {
            values.add(table.increment(key, "xp", 1));
          }
          return values;
        }));
      }
      start.countDown();
      Set<Long> seen = new HashSet<>();
      for (Future<List<Long>> result : results) {
        seen.addAll(result.get(2, TimeUnit.MINUTES));
      }
      assertThat(seen).hasSize(threads * perThread);
      assertThat(seen.stream().mapToLong(Long::longValue).max()).hasValue(32_000L);
      assertThat(seen.stream().mapToLong(Long::longValue).min()).hasValue(1L);
    } finally {
      pool.shutdownNow();
    }
    assertThat(table.find(key)).get().extracting(Counter::xp).isEqualTo(32_000L);
  }

  @Test
  void incrementsSpreadOverManyRowsAndCommittersEndAtExactTotalsWithEachRowsValuesInSerialOrder() throws Exception {
    Table<Counter> table = counters("xp_spread");
    int threads = 16;
    int perThread = 500;
    int rows = 100;
    Set<String> committers = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<long[]>>> results = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < threads; t++) {
        int offset = t * 7;
        results.add(pool.submit(() -> {
          start.await();
          List<long[]> rowAndValue = new ArrayList<>(perThread);
          for (int i = 0; i < perThread; i++) {
            int row = (offset + i) % rows;
            long value = table.incrementAsync(Key.of((long) row % 5, "m" + row), "xp", 1)
                .whenComplete((v, failure) -> {
                  if (Thread.currentThread().getName().startsWith("cogwheel-increments-")) {
                    committers.add(Thread.currentThread().getName());
                  }
                })
                .join();
            rowAndValue.add(new long[] {row, value});
          }
          return rowAndValue;
        }));
      }
      start.countDown();
      Map<Long, List<Long>> valuesByRow = new HashMap<>();
      for (Future<List<long[]>> result : results) {
        for (long[] rowAndValue : result.get(2, TimeUnit.MINUTES)) {
          valuesByRow.computeIfAbsent(rowAndValue[0], r -> new ArrayList<>()).add(rowAndValue[1]);
        }
      }
      assertThat(valuesByRow).hasSize(rows);
      for (Map.Entry<Long, List<Long>> row : valuesByRow.entrySet()) {
        int n = row.getValue().size();
        // Distinct and exactly 1..n: each caller saw the value some serial order of the row gives it.
        assertThat(row.getValue()).as("values of row %s", row.getKey())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        long r = row.getKey();
        assertThat(table.find(Key.of(r % 5, "m" + r))).get().extracting(Counter::xp).isEqualTo((long) n);
      }
      assertThat(valuesByRow.values().stream().mapToInt(List::size).sum()).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
    assertThat(committers).as("committer threads that completed increments").hasSizeGreaterThan(1);
  }

  @Test
  void anAsyncIncrementCompletesOnlyAfterItsBatchCommitted() throws Exception {
    Table<Counter> table = counters("xp_durable");
    try (Connection plain = schema.connect()) {
      long value = table.incrementAsync(Key.of(1L, "solo"), "xp", 7).join();
      assertThat(value).isEqualTo(7);
      assertThat(committedXp(plain, "xp_durable", 1L, "solo")).isEqualTo(7);

      // Each check runs the moment its future completes (on the committing thread, or here if it
      // already had): a plain connection must already see at least that value.
      List<CompletableFuture<long[]>> checks = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        String member = "m" + (i % 4);
        checks.add(table.incrementAsync(Key.of(1L, member), "xp", 1)
            .thenApply(v -> new long[] {v, committedXp(plain, "xp_durable", 1L, member)}));
      }
      for (CompletableFuture<long[]> check : checks) {
        long[] valueAndCommitted = check.get(1, TimeUnit.MINUTES);
        assertThat(valueAndCommitted[1]).isGreaterThanOrEqualTo(valueAndCommitted[0]);
      }
      for (int m = 0; m < 4; m++) {
        assertThat(committedXp(plain, "xp_durable", 1L, "m" + m)).isEqualTo(500);
      }
    }
  }

  @Test
  void anIncrementCreatesAMissingRowHoldingTheDeltaWithTheOtherColumnsAtTheirDefaults() {
    Table<Counter> table = counters("xp_fresh");
    assertThat(table.find(Key.of(5L, "new"))).isEmpty();
    assertThat(table.increment(Key.of(5L, "new"), "xp", 42)).isEqualTo(42);
    assertThat(table.find(Key.of(5L, "new"))).contains(new Counter(5L, "new", 42, 1, null));
    assertThat(table.increment(Key.of(5L, "new"), "level", 2)).isEqualTo(3);
    assertThat(table.increment(Key.of(6L, "other"), "level", 4)).isEqualTo(4);
    assertThat(table.find(Key.of(6L, "other"))).contains(new Counter(6L, "other", 0, 4, null));
  }

  @Test
  void manyKeysInOneBatchEachGetTheirOwnTotal() throws Exception {
    Table<Counter> table = counters("xp_many");
    int keys = 200;
    int rounds = 5;
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (HeldBatcher held = holdBatcher()) {
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < keys; k++) {
          futures.add(table.incrementAsync(Key.of((long) k % 3, "k" + k), "xp", k + 1));
        }
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < keys; k++) {
        assertThat(futures.get(round * keys + k).get(1, TimeUnit.MINUTES)).isEqualTo((long) (round + 1) * (k + 1));
      }
    }
    for (int k = 0; k < keys; k++) {
      assertThat(table.find(Key.of((long) k % 3, "k" + k))).get().extracting(Counter::xp).isEqualTo((long) rounds * (k + 1));
    }
    assertThat(table.count(Query.all())).isEqualTo(keys);
  }

  @Test
  void incrementsOfOneRowThroughTwoRecordTypesAndTwoOpeningsInOneBatchGiveEachCallerItsOwnValue() throws Exception {
    Table<Counter> full = counters("xp_shared");
    Table<CounterXp> narrow = xp.table("xp_shared", CounterXp.class);
    Table<Counter> reopened = xp.table("xp_shared", Counter.class);
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (HeldBatcher held = holdBatcher()) {
      for (int i = 0; i < 30; i++) {
        Table<?> table = i % 3 == 0 ? full : i % 3 == 1 ? narrow : reopened;
        futures.add(table.incrementAsync(Key.of(1L, "m" + (i % 2)), "xp", 1));
      }
    }
    Map<Long, Set<Long>> valuesByMember = new HashMap<>();
    for (int i = 0; i < futures.size(); i++) {
      valuesByMember.computeIfAbsent((long) (i % 2), m -> new HashSet<>()).add(futures.get(i).get(1, TimeUnit.MINUTES));
    }
    for (long m = 0; m < 2; m++) {
      assertThat(valuesByMember.get(m)).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 15).boxed().toList());
      assertThat(narrow.find(Key.of(1L, "m" + m))).contains(new CounterXp(1L, "m" + m, 15L));
    }
  }

  @Test
  void negativeDeltasSubtractAndMayGoBelowZero() {
    Table<Counter> table = counters("xp_negative");
    Key key = Key.of(1L, "spender");
    assertThat(table.increment(key, "xp", 10)).isEqualTo(10);
    assertThat(table.increment(key, "xp", -25)).isEqualTo(-15);
    assertThat(table.increment(Key.of(1L, "debtor"), "xp", -3)).isEqualTo(-3);
    assertThat(table.increment(key, "xp", 0)).isEqualTo(-15);
    assertThat(table.find(key)).get().extracting(Counter::xp).isEqualTo(-15L);
  }

  @Test
  void aFailingIncrementFailsOnlyItsOwnFuture() throws Exception {
    Table<Counter> good = counters("xp_good");
    Backends.sql(schema, "CREATE TABLE xp_strict (id bigint PRIMARY KEY, n bigint NOT NULL DEFAULT 0, label text NOT NULL)");
    Table<Strict> strict = xp.table("xp_strict", Strict.class);
    strict.insert(new Strict(1L, 0L, "exists"));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<CompletableFuture<Long>> goods = new ArrayList<>();
    CompletableFuture<Long> bad;
    CompletableFuture<Long> fine;
    try (HeldBatcher held = holdBatcher()) {
      List<Future<List<CompletableFuture<Long>>>> submitted = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Callable<List<CompletableFuture<Long>>> submit = () -> {
          List<CompletableFuture<Long>> mine = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            mine.add(good.incrementAsync(Key.of(1L, "shared"), "xp", 1));
          }
          return mine;
        };
        submitted.add(pool.submit(submit));
      }
      bad = strict.incrementAsync(Key.of(2L), "n", 1);
      fine = strict.incrementAsync(Key.of(1L), "n", 1);
      for (Future<List<CompletableFuture<Long>>> s : submitted) {
        goods.addAll(s.get(1, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThatThrownBy(() -> bad.get(1, TimeUnit.MINUTES))
        .cause()
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("plugin xp: increment n in xp_strict failed:")
        .hasMessageContaining("\"label\"")
        .hasMessageContaining("SQLSTATE 23502");
    assertThat(fine.get(1, TimeUnit.MINUTES)).isEqualTo(1);
    Set<Long> values = new HashSet<>();
    for (CompletableFuture<Long> g : goods) {
      values.add(g.get(1, TimeUnit.MINUTES));
    }
    assertThat(values).hasSize(400).contains(1L, 400L);
    assertThat(good.find(Key.of(1L, "shared"))).get().extracting(Counter::xp).isEqualTo(400L);
    assertThat(strict.find(Key.of(2L))).isEmpty();
    assertThatThrownBy(() -> strict.increment(Key.of(3L), "n", 1))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("xp_strict");
  }

  @Test
  void incrementsOfMissingRowsOfATableWithARequiredColumnFailAloneInABatchWithExistingRows() throws Exception {
    Backends.sql(schema, "CREATE TABLE xp_mixed (id bigint PRIMARY KEY, n bigint NOT NULL DEFAULT 0, label text NOT NULL)");
    Table<Strict> mixed = xp.table("xp_mixed", Strict.class);
    for (long id = 1; id <= 20; id++) {
      mixed.insert(new Strict(id, 0L, "exists"));
    }
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (HeldBatcher held = holdBatcher()) {
      for (long id = 1; id <= 40; id++) {
        futures.add(mixed.incrementAsync(Key.of(id), "n", id));
      }
    }
    for (int i = 0; i < 20; i++) {
      assertThat(futures.get(i).get(1, TimeUnit.MINUTES)).isEqualTo(i + 1L);
    }
    for (CompletableFuture<Long> missing : futures.subList(20, 40)) {
      assertThatThrownBy(() -> missing.get(1, TimeUnit.MINUTES))
          .cause()
          .isInstanceOf(StorageInvalidException.class)
          .hasMessageStartingWith("plugin xp: increment n in xp_mixed failed:")
          .hasMessageContaining("SQLSTATE 23502");
    }
    assertThat(mixed.count(Query.all())).isEqualTo(20);
  }

  @Test
  void incrementsOfColumnsThatCannotBeIncrementedAreRefusedClearly() {
    Table<Counter> table = counters("xp_refused");
    assertThatThrownBy(() -> table.increment(Key.of(1L, "a"), "note", 1))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: cannot increment xp_refused.note (text): increments need a smallint, integer"
            + " or bigint column outside the primary key.");
    assertThatThrownBy(() -> table.incrementAsync(Key.of(1L, "a"), "guildId", 1))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("cannot increment xp_refused.guild_id (bigint)")
        .hasMessageContaining("outside the primary key");
    assertThatThrownBy(() -> table.increment(Key.of(1L, "a"), "missing", 1))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("table xp_refused has no column 'missing'; its columns are [guild_id, member, xp, level, note].");
    assertThatThrownBy(() -> table.increment(Key.of(1L), "xp", 1))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("a key of xp_refused has 2 value(s) for [guild_id, member], got 1.");
    assertThatThrownBy(() -> table.increment(Key.of("1", "a"), "xp", 1))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("a String cannot be compared with xp_refused.guild_id (bigint)");
    assertThatThrownBy(() -> table.increment(Key.of(1L, "a"), "level", Long.MAX_VALUE))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin xp: increment level in xp_refused failed:")
        .hasMessageContaining("out of range");
    Backends.sql(schema, "CREATE TABLE xp_nokey (id bigint NOT NULL, n bigint NOT NULL DEFAULT 0)");
    Table<NoKey> noKey = xp.table("xp_nokey", NoKey.class);
    assertThatThrownBy(() -> noKey.increment(Key.of(1L), "n", 1))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: increment needs a primary key, and table xp_nokey has none;"
            + " add one in the plugin's changelog.");
    assertThat(table.count(Query.all())).isZero();
  }

  private static long committedXp(Connection plain, String table, long guildId, String member) {
    synchronized (plain) {
      try (PreparedStatement s = plain.prepareStatement("SELECT xp FROM " + table + " WHERE guild_id = ? AND member = ?")) {
        s.setLong(1, guildId);
        s.setString(2, member);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0;
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Parks the group-commit thread in a completion callback, so that everything submitted until
   * {@link HeldBatcher#close()} queues up and is taken as one batch.
   */
  private static HeldBatcher holdBatcher() {
    Backends.sql(schema, "CREATE TABLE IF NOT EXISTS xp_gate (guild_id bigint NOT NULL, member text NOT NULL,"
        + " xp bigint NOT NULL DEFAULT 0, level integer NOT NULL DEFAULT 1, note text, PRIMARY KEY (guild_id, member))");
    Table<Counter> gate = xp.table("xp_gate", Counter.class);
    while (true) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Boolean> parked = new CompletableFuture<>();
      gate.incrementAsync(Key.of(0L, "gate"), "xp", 1).whenComplete((value, failure) -> {
        boolean onCommitter = Thread.currentThread().getName().startsWith("cogwheel-increments-");
        parked.complete(onCommitter);
        if (onCommitter) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      if (parked.join()) {
        return release::countDown;
      }
    }
  }

  private interface HeldBatcher extends AutoCloseable {
    @Override
    void close();
  }
}
