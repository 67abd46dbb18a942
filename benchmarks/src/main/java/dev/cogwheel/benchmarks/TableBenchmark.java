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
 * {@link Table#find} and {@link Table#upsert} through the SPI against the same SQL written by hand on
 * plain JDBC, on the same pool ({@link PostgresStorageBackend#dataSource()}). The baseline SQL is the
 * text the SPI's mapper produces for this table, and the baseline maps the row into the same record,
 * so the difference is the SPI's own cost: key and value checks, the MyBatis session and statement,
 * the row values it reads, the record it builds.
 *
 * <p>Each operation runs with 1 caller and with 4 (the machine has 2 cores, and the database shares them).
 * With few callers a score depends much on where the scheduler puts the caller and its database
 * backend, which changes from one JVM to the next; hence 3 forks of shorter iterations, so that the
 * error JMH reports includes that spread. Six warm-up iterations (18 s): the SPI's code path is deeper
 * than the baseline's, and the compiler shares two cores with the load, so with two or three the
 * SPI's measured iterations were often still rising within a fork (by up to 2.5x under heavy load)
 * while the baseline's were flat from the first; the target is about steady-state cost per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-D" + TestPostgres.DURABLE_PROPERTY + "=true"})
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 3, time = 2)
public class TableBenchmark {

  static final int ROWS = 10_000;
  static final long GUILD = 1L;
  /** What {@code TableMapper.select} gives for a find by key on {@code bench_members}. */
  static final String FIND_SQL = "SELECT \"guild_id\",\"pid\",\"xp\" FROM \"bench_members\""
      + " WHERE \"guild_id\" = CAST(? AS bigint) AND \"pid\" = CAST(? AS text)";
  /** What {@code TableMapper.insert} gives for an upsert on {@code bench_members}. */
  static final String UPSERT_SQL = "INSERT INTO \"bench_members\" (\"guild_id\",\"pid\",\"xp\")"
      + " VALUES (CAST(? AS bigint),CAST(? AS text),CAST(? AS bigint))"
      + " ON CONFLICT (\"guild_id\",\"pid\") DO UPDATE SET \"xp\" = EXCLUDED.\"xp\"";

  /**
   * A row of {@code bench_members}.
   *
   * @param guildId the guild
   * @param pid the member
   * @param xp the member's xp
   */
  public record Member(long guildId, String pid, long xp) {}

  private final String[] pids = new String[ROWS];
  private TestSchema schema;
  private PostgresStorageBackend backend;
  private DataSource pool;
  private Table<Member> members;

  /** Creates the schema, the backend and the table with its {@link #ROWS} rows. */
  @Setup(Level.Trial)
  public void open() {
    schema = BenchDatabase.createSchema("bench_table");
    backend = BenchDatabase.open(schema, Map.of());
    pool = backend.dataSource();
    BenchDatabase.execute(pool,
        "CREATE TABLE bench_members (guild_id bigint, pid text, xp bigint NOT NULL DEFAULT 0,"
            + " PRIMARY KEY (guild_id, pid))",
        "INSERT INTO bench_members (guild_id, pid, xp) SELECT " + GUILD + ", 'p' || g, g FROM generate_series(0, "
            + (ROWS - 1) + ") AS g",
        "VACUUM ANALYZE bench_members");
    for (int i = 0; i < ROWS; i++) {
      pids[i] = "p" + i;
    }
    members = backend.forPlugin(BenchDatabase.PLUGIN).table("bench_members", Member.class);
    // Both sides must read the same thing, or the comparison means nothing.
    String pid = pids[ROWS / 2];
    try {
      if (!members.find(Key.of(GUILD, pid)).orElseThrow().equals(jdbcFind(pid))) {
        throw new IllegalStateException("the SPI and the JDBC baseline read different rows");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Closes the backend, then drops the schema. */
  @TearDown(Level.Trial)
  public void close() {
    BenchDatabase.closeAll(schema, backend);
  }

  /**
   * Finds a random row by key through the SPI.
   *
   * @return the row
   */
  @Benchmark
  @Threads(1)
  public Member spiFind() {
    return members.find(Key.of(GUILD, randomPid())).orElseThrow();
  }

  /**
   * Finds a random row by key with the same SQL on plain JDBC.
   *
   * @return the row
   * @throws SQLException if the database fails
   */
  @Benchmark
  @Threads(1)
  public Member jdbcFind() throws SQLException {
    return jdbcFind(randomPid());
  }

  /**
   * {@link #spiFind()} with 4 callers.
   *
   * @return the row
   */
  @Benchmark
  @Threads(4)
  public Member spiFind4Threads() {
    return spiFind();
  }

  /**
   * {@link #jdbcFind()} with 4 callers.
   *
   * @return the row
   * @throws SQLException if the database fails
   */
  @Benchmark
  @Threads(4)
  public Member jdbcFind4Threads() throws SQLException {
    return jdbcFind();
  }

  /** Upserts a random existing row through the SPI (an update through ON CONFLICT). */
  @Benchmark
  @Threads(1)
  public void spiUpsert() {
    members.upsert(new Member(GUILD, randomPid(), ThreadLocalRandom.current().nextLong(1_000_000)));
  }

  /**
   * Upserts a random existing row with the same SQL on plain JDBC.
   *
   * @throws SQLException if the database fails
   */
  @Benchmark
  @Threads(1)
  public void jdbcUpsert() throws SQLException {
    jdbcUpsert(new Member(GUILD, randomPid(), ThreadLocalRandom.current().nextLong(1_000_000)));
  }

  /** {@link #spiUpsert()} with 4 callers. */
  @Benchmark
  @Threads(4)
  public void spiUpsert4Threads() {
    spiUpsert();
  }

  /**
   * {@link #jdbcUpsert()} with 4 callers.
   *
   * @throws SQLException if the database fails
   */
  @Benchmark
  @Threads(4)
  public void jdbcUpsert4Threads() throws SQLException {
    jdbcUpsert();
  }

  private String randomPid() {
    return pids[ThreadLocalRandom.current().nextInt(ROWS)];
  }

  private Member jdbcFind(String pid) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(FIND_SQL)) {
      statement.setLong(1, GUILD);
      statement.setString(2, pid);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("row " + pid + " is missing");
        }
        return new Member(rs.getLong(1), rs.getString(2), rs.getLong(3));
      }
    }
  }

  private void jdbcUpsert(Member row) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(UPSERT_SQL)) {
      statement.setLong(1, row.guildId());
      statement.setString(2, row.pid());
      statement.setLong(3, row.xp());
      statement.executeUpdate();
    }
  }
}
