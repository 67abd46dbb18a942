package dev.cogwheel.storage.postgres.core;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.StorageUnavailableException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The storage backend's meters. They are registered on Micrometer's global registry, a composite
 * that keeps nothing and costs next to nothing until a registry is added to it (the host adds its
 * Prometheus registry when metrics are configured): so no Micrometer type crosses the storage SPI
 * and the host needs no handle on the backend to collect them. HikariCP's own meters join the same
 * registry (see {@code PostgresStorageBackend}).
 *
 * <p>Tags are low-cardinality: the plugin id, the kind of operation and its outcome, never a key, a
 * guild or a user. Thread-safe.
 */
public final class StorageMetrics {

  /** The timer of storage operations, tagged {@code plugin}, {@code operation} and {@code outcome}. */
  public static final String OPERATIONS = "cogwheel.storage.operations";

  /** The distribution of group-commit batch sizes, in increments per batch. */
  public static final String INCREMENT_BATCH = "cogwheel.storage.increment.batch";

  /** The kinds of operation, as the {@code operation} tag spells them. */
  public enum Operation {
    /** A config {@code get} or {@code find} answered from the cache at every scope it looked at. */
    CONFIG_READ_CACHED("config.read.cached"),
    /** A config {@code get} or {@code find} that read the database for at least one scope. */
    CONFIG_READ_UNCACHED("config.read.uncached"),
    /** A config {@code set} or {@code clear}, or a privacy delete, committed with its notification. */
    CONFIG_WRITE("config.write"),
    /** A config {@code list} of one scope, or a privacy export. */
    CONFIG_LIST("config.list"),
    /** A state {@code find}. */
    STATE_READ("state.read"),
    /** A state {@code put}, {@code compareAndSet}, {@code delete} or {@code compareAndDelete}. */
    STATE_WRITE("state.write"),
    /** A state {@code list} by prefix. */
    STATE_LIST("state.list"),
    /** A table {@code find} by key. */
    TABLE_FIND("table.find"),
    /** A table {@code query}. */
    TABLE_QUERY("table.query"),
    /** A table {@code count}. */
    TABLE_COUNT("table.count"),
    /** A table {@code insert}. */
    TABLE_INSERT("table.insert"),
    /** A table {@code upsert}. */
    TABLE_UPSERT("table.upsert"),
    /** A table {@code update}. */
    TABLE_UPDATE("table.update"),
    /** A table {@code delete} or {@code deleteWhere}. */
    TABLE_DELETE("table.delete"),
    /** A table increment, until its group commit (or, in a transaction, its statement) is done. */
    TABLE_INCREMENT("table.increment"),
    /** A whole {@code withTransaction}, from its start to its commit or rollback. */
    TRANSACTION("transaction");

    private final String tag;

    Operation(String tag) {
      this.tag = tag;
    }

    /**
     * The value of the {@code operation} tag.
     *
     * @return for example {@code table.find}
     */
    public String tag() {
      return tag;
    }
  }

  /** Buckets from half a millisecond to ten seconds: enough for a quantile estimate, few series per timer. */
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private static final String SUCCEEDED = "SUCCEEDED";

  private static final DistributionSummary BATCHES = DistributionSummary.builder(INCREMENT_BATCH)
      .description("Increments committed together by one group commit")
      .baseUnit("increments")
      .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
      .register(Metrics.globalRegistry);

  private final String pluginId;
  /** The timers of successful operations, by ordinal, registered on first use. */
  private final AtomicReferenceArray<Timer> succeeded = new AtomicReferenceArray<>(Operation.values().length);

  private StorageMetrics(String pluginId) {
    this.pluginId = pluginId;
  }

  /**
   * The meters of one plugin's operations.
   *
   * @param pluginId the plugin id, or {@code cogwheel} for the host's own state
   * @return its meters
   */
  public static StorageMetrics forPlugin(String pluginId) {
    return new StorageMetrics(pluginId);
  }

  /**
   * Records the size of one group-commit batch.
   *
   * @param increments how many increments it committed
   */
  public static void incrementBatch(int increments) {
    BATCHES.record(increments);
  }

  /**
   * Runs an operation and records its duration and outcome.
   *
   * @param operation what it is
   * @param work the operation
   * @param <T> its result type
   * @return its result
   */
  public <T> T time(Operation operation, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      T result = work.get();
      record(operation, start, null);
      return result;
    } catch (RuntimeException | Error e) {
      record(operation, start, e);
      throw e;
    }
  }

  /**
   * Records an operation that started at {@code startNanos} and has just ended.
   *
   * @param operation what it was
   * @param startNanos its start, from {@link System#nanoTime()}
   * @param failure what it threw, or null if it succeeded
   */
  public void record(Operation operation, long startNanos, Throwable failure) {
    long nanos = System.nanoTime() - startNanos;
    Timer timer;
    if (failure == null) {
      timer = succeeded.get(operation.ordinal());
      if (timer == null) {
        timer = timer(operation, SUCCEEDED);
        succeeded.set(operation.ordinal(), timer);
      }
    } else {
      timer = timer(operation, outcome(failure));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Operation operation, String outcome) {
    return Timer.builder(OPERATIONS)
        .description("Storage operations of the plugins, from the call to its result")
        .tags("plugin", pluginId, "operation", operation.tag(), "outcome", outcome)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(Metrics.globalRegistry);
  }

  /**
   * The {@code outcome} tag of a failure: the kind of {@code StorageException}, or FAILED.
   *
   * @param failure what an operation threw
   * @return CONFLICT, INVALID, NOT_FOUND, UNAVAILABLE or FAILED
   */
  static String outcome(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof StorageConflictException) {
      return "CONFLICT";
    } else if (t instanceof StorageInvalidException) {
      return "INVALID";
    } else if (t instanceof StorageNotFoundException) {
      return "NOT_FOUND";
    } else if (t instanceof StorageUnavailableException) {
      return "UNAVAILABLE";
    }
    return "FAILED";
  }
}
