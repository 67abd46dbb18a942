package dev.cogwheel.testing.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers path of {@link TestPostgres}: a {@code postgres:17} container.
 *
 * <p>Kept apart from {@code TestPostgres} so that no Testcontainers class is loaded unless Docker may
 * be there.
 */
final class DockerPostgres {

  static final String IMAGE = "postgres:17";

  private DockerPostgres() {
  }

  /**
   * Tells whether Docker can run containers here.
   *
   * <p>Asking Testcontainers on a machine without Docker costs seconds and logs errors, so it is asked
   * only when something points at a Docker engine: {@code DOCKER_HOST}, a Testcontainers setting, a
   * Docker context, or one of the sockets Testcontainers itself looks for.
   *
   * @return empty when Docker is available, else the reason it is not
   */
  static Optional<String> whyUnavailable() {
    List<String> hints = dockerHints();
    if (hints.isEmpty()) {
      return Optional.of("no Docker engine found (DOCKER_HOST is not set and there is no Docker socket)");
    }
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
      return Optional.of("Testcontainers found no working Docker engine (looked because of " + hints + ")");
    } catch (Throwable probeFailure) { // a missing or broken Testcontainers means "no Docker", never a failed run
      return Optional.of("probing Docker failed: " + probeFailure);
    }
  }

  private static List<String> dockerHints() {
    List<String> hints = new ArrayList<>();
    if (System.getenv("DOCKER_HOST") != null) {
      hints.add("DOCKER_HOST");
    }
    if (System.getenv().keySet().stream().anyMatch(name -> name.startsWith("TESTCONTAINERS_"))) {
      hints.add("TESTCONTAINERS_* variables");
    }
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      hints.add("Windows named pipe");
    }
    Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
    List<Path> candidates = new ArrayList<>(List.of(
        home.resolve(".testcontainers.properties"),
        home.resolve(".docker/contexts/meta"),
        home.resolve(".docker/run/docker.sock"),
        home.resolve(".docker/desktop/docker.sock"),
        Path.of("/var/run/docker.sock")));
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (runtimeDir != null) {
      candidates.add(Path.of(runtimeDir, "docker.sock"));
    }
    userId().ifPresent(uid -> candidates.add(Path.of("/run/user", uid.toString(), "docker.sock")));
    for (Path candidate : candidates) {
      if (Files.exists(candidate)) {
        hints.add(candidate.toString());
      }
    }
    return hints;
  }

  private static Optional<Integer> userId() {
    try {
      return Optional.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (Exception notLinux) {
      return Optional.empty();
    }
  }

  /**
   * Starts a {@code postgres:17} container.
   *
   * @return the running server; closing it stops the container
   */
  static RunningServer start() {
    PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE));
    container.start();
    String url = "jdbc:postgresql://" + container.getHost() + ":"
        + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + container.getDatabaseName();
    return new RunningServer(new DatabaseUrl(url, container.getUsername(), container.getPassword()), container::stop);
  }
}
