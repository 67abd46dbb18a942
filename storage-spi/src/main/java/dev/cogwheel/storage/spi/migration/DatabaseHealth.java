package dev.cogwheel.storage.spi.migration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Whether the instance's database answers, and what it is.
 *
 * @param reachable whether a round trip succeeded
 * @param problem why it did not, without URLs or passwords; empty when reachable
 * @param serverVersion the server's version ({@code 17.2}), empty when unreachable
 * @param schema the instance schema
 * @param roundTrip how long a trivial query took
 * @param poolTotal connections in the pool
 * @param poolActive connections in use
 * @param poolIdle idle connections
 * @param configCacheListening whether the config cache receives change notifications
 * @param warnings what an operator should change about how the bot connects (for example, that it
 *     connects as a superuser), each with what to do; empty when nothing
 */
public record DatabaseHealth(
    boolean reachable, String problem, String serverVersion, String schema, Duration roundTrip, int poolTotal,
    int poolActive, int poolIdle, boolean configCacheListening, List<String> warnings) {

  /** Checks the components. */
  public DatabaseHealth {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(roundTrip, "roundTrip");
    warnings = List.copyOf(warnings);
  }

  /**
   * A report without warnings.
   *
   * @param reachable whether a round trip succeeded
   * @param problem why it did not
   * @param serverVersion the server's version
   * @param schema the instance schema
   * @param roundTrip how long a trivial query took
   * @param poolTotal connections in the pool
   * @param poolActive connections in use
   * @param poolIdle idle connections
   * @param configCacheListening whether the config cache receives change notifications
   */
  public DatabaseHealth(boolean reachable, String problem, String serverVersion, String schema, Duration roundTrip,
      int poolTotal, int poolActive, int poolIdle, boolean configCacheListening) {
    this(reachable, problem, serverVersion, schema, roundTrip, poolTotal, poolActive, poolIdle, configCacheListening,
        List.of());
  }
}
