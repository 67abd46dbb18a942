package dev.cogwheel.benchmarks;

import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group-committed increments ({@link Table#increment}) against the obvious alternative, one
 * auto-committed {@code UPDATE ... RETURNING} per increment, both with 64 concurrent callers and the
 * same pool of {@link BenchDatabase#POOL_SIZE} connections.
 *
 * <p>Every call waits for its own commit on both sides, so both are durable per call (as durable as
 * the server's {@code synchronous_commit} makes any commit). The rows exist before the run, so the
 * baseline never needs an insert.
 *
 * <p>Two forks, so that the error JMH reports includes some of the spread between JVMs, and three
 * warm-up iterations: with two, the group committer's first measured iteration was often still
 * slower than the rest (its code path is deeper, and the compiler shares two cores with the load).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(64)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-D" + TestPostgres.DURABLE_PROPERTY + "=true"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class IncrementBenchmark {

  /** How many rows the spread variants choose from, uniformly at random. */
  static final int ROWS = 1_000;
  static final long GUILD = 1L;
  static final String BASELINE_SQL =
      "UPDATE bench_counters SET xp = xp + ? WHERE guild_id = ? AND pid = ? RETURNING xp";

  /**
   * A row of {@code bench_counters}.
   *
   * @param guildId the guild
   * @param pid the member
   * @param xp the counter
   */
  public record Counter(long guildId, String pid, long xp) {}

  private final String[] pids = new String[ROWS];
  private TestSchema schema;
  private PostgresStorageBackend backend;
  private DataSource pool;
  private Table<Counter> counters;

  /** Creates the schema, the backend and the table with its {@link #ROWS} rows. */
  @Setup(Level.Trial)
  public void open() {
    schema = BenchDatabase.createSchema("bench_increment");
    backend = BenchDatabase.open(schema, Map.of());
    pool = backend.dataSource();
    BenchDatabase.execute(pool,
        "CREATE TABLE bench_counters (guild_id bigint, pid text, xp bigint NOT NULL DEFAULT 0,"
            + " PRIMARY KEY (guild_id, pid))",
        "INSERT INTO bench_counters (guild_id, pid) SELECT " + GUILD + ", 'p' || g FROM generate_series(0, "
            + (ROWS - 1) + ") AS g",
        "VACUUM ANALYZE bench_counters");
    for (int i = 0; i < ROWS; i++) {
      pids[i] = "p" + i;
    }
    counters = backend.forPlugin(BenchDatabase.PLUGIN).table("bench_counters", Counter.class);
  }

  /** Closes the backend, then drops the schema. */
  @TearDown(Level.Trial)
  public void close() {
    BenchDatabase.closeAll(schema, backend);
  }

  /**
   * One increment through the SPI on a random one of {@link #ROWS} rows; returns after its batch commits.
   *
   * @return the new value
   */
  @Benchmark
  public long groupCommit() {
    return counters.increment(Key.of(GUILD, randomPid()), "xp", 1);
  }

  /**
   * The baseline: one auto-committed {@code UPDATE ... RETURNING} on a random one of {@link #ROWS} rows.
   *
   * @return the new value
   * @throws SQLException if the database fails
   */
  @Benchmark
  public long updatePerIncrement() throws SQLException {
    return update(randomPid());
  }

  /**
   * Like {@link #groupCommit()} with every caller on the same row.
   *
   * @return the new value
   */
  @Benchmark
  public long groupCommitHotKey() {
    return counters.increment(Key.of(GUILD, pids[0]), "xp", 1);
  }

  /**
   * Like {@link #updatePerIncrement()} with every caller on the same row (each waits for the row lock).
   *
   * @return the new value
   * @throws SQLException if the database fails
   */
  @Benchmark
  public long updatePerIncrementHotKey() throws SQLException {
    return update(pids[0]);
  }

  private String randomPid() {
    return pids[ThreadLocalRandom.current().nextInt(ROWS)];
  }

  private long update(String pid) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(BASELINE_SQL)) {
      statement.setLong(1, 1L);
      statement.setLong(2, GUILD);
      statement.setString(3, pid);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("row " + pid + " is missing");
        }
        return rs.getLong(1);
      }
    }
  }
}
