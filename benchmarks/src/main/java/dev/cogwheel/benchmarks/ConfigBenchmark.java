package dev.cogwheel.benchmarks;

import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.postgres.PostgresStorageBackend;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * {@link ConfigStore#get} of a value set at guild scope, served by the config cache, against the same
 * read with the cache off ({@code config.cache=false}): two backends on the same schema and the same
 * stored value, one caller.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-D" + TestPostgres.DURABLE_PROPERTY + "=true"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class ConfigBenchmark {

  static final ConfigKey<Integer> LIMIT = ConfigKey.builder("bench.limit", ConfigType.INTEGER)
      .defaultValue(5)
      .description("a setting to read")
      .build();
  static final int STORED = 42;

  /** Not final, so the scope is built per call as a cog builds it from an event's guild. */
  private long guildId = 1L;
  private TestSchema schema;
  private PostgresStorageBackend cachedBackend;
  private PostgresStorageBackend uncachedBackend;
  private ConfigStore cached;
  private ConfigStore uncached;

  /**
   * Opens both backends, stores the value and waits for the cache's notification listener: until it
   * listens, the cache is bypassed and the cached side would measure database reads.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  @Setup(Level.Trial)
  public void open() throws InterruptedException {
    schema = BenchDatabase.createSchema("bench_config");
    cachedBackend = BenchDatabase.open(schema, Map.of());
    uncachedBackend = BenchDatabase.open(schema, Map.of("config.cache", "false"));
    cached = cachedBackend.forPlugin(BenchDatabase.PLUGIN).config();
    uncached = uncachedBackend.forPlugin(BenchDatabase.PLUGIN).config();
    cached.set(LIMIT, ConfigScope.guild(guildId), STORED);
    if (!cachedBackend.configBus().awaitListening(Duration.ofSeconds(30))) {
      throw new IllegalStateException("the config cache never started listening; the cached side would not be cached");
    }
    if (cached.get(LIMIT, ConfigScope.guild(guildId)) != STORED || uncached.get(LIMIT, ConfigScope.guild(guildId)) != STORED) {
      throw new IllegalStateException("the two backends read different values");
    }
  }

  /** Fails the run if the cache stopped listening (and so stopped caching) during it. */
  @TearDown(Level.Iteration)
  public void checkCaching() {
    if (!cachedBackend.configBus().listening()) {
      throw new IllegalStateException("the config cache stopped listening during the iteration; its score is of database reads");
    }
  }

  /** Closes both backends, then drops the schema. */
  @TearDown(Level.Trial)
  public void close() {
    BenchDatabase.closeAll(schema, cachedBackend, uncachedBackend);
  }

  /**
   * Reads the setting through the cache.
   *
   * @return the value
   */
  @Benchmark
  public int cachedGet() {
    return cached.get(LIMIT, ConfigScope.guild(guildId));
  }

  /**
   * Reads the setting from the database.
   *
   * @return the value
   */
  @Benchmark
  public int uncachedGet() {
    return uncached.get(LIMIT, ConfigScope.guild(guildId));
  }
}
