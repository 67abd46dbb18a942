package dev.cogwheel.testing.postgres;

import java.util.Objects;

/**
 * A server that {@link TestPostgres} started and must stop when the JVM exits.
 *
 * @param url  where it answers
 * @param stop stops it
 */
record RunningServer(DatabaseUrl url, AutoCloseable stop) {

  RunningServer {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(stop, "stop");
  }
}
