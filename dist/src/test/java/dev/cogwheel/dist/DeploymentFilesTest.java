package dev.cogwheel.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The files that run the distribution under docker compose and systemd. No Docker engine or systemd
 * runs them here, so these tests read them: the compose file as YAML (SnakeYAML, which Liquibase
 * brings), the others line by line.
 */
class DeploymentFilesTest {

  @Test
  @SuppressWarnings("unchecked")
  void composeFileStartsTheBotOnceItsPostgres17IsHealthy() throws IOException {
    Map<String, Object> compose;
    try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"), StandardCharsets.UTF_8)) {
      compose = new Yaml().load(reader);
    }
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsOnlyKeys("postgres", "bot");

    Map<String, Object> postgres = services.get("postgres");
    assertThat(postgres).containsEntry("image", "postgres:17");
    assertThat((List<String>) postgres.get("volumes")).containsExactly("pgdata:/var/lib/postgresql/data");
    assertThat((Map<String, Object>) postgres.get("healthcheck")).extractingByKey("test").asString().contains("pg_isready");
    assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("pgdata", "instance");

    Map<String, Object> bot = services.get("bot");
    assertThat(bot.get("depends_on")).isEqualTo(Map.of("postgres", Map.of("condition", "service_healthy")));
    assertThat(bot).containsEntry("env_file", ".env");
    Map<String, Object> environment = (Map<String, Object>) bot.get("environment");
    assertThat(environment).containsEntry("DISCORD_TOKEN_FILE", "/run/secrets/discord_token")
        .containsEntry("DATABASE_PASSWORD_FILE", "/run/secrets/db_password")
        .containsEntry("COGWHEEL_PID_SECRET_FILE", "/run/secrets/pid_secret")
        .doesNotContainKeys("DISCORD_TOKEN", "DATABASE_PASSWORD", "COGWHEEL_PID_SECRET");
    assertThat(environment.get("DATABASE_URL").toString()).doesNotContain(":change-me@", "password");
    assertThat((List<String>) bot.get("secrets")).containsExactlyInAnyOrder("discord_token", "db_password", "pid_secret");
    assertThat((Map<String, Object>) postgres.get("environment")).containsEntry("POSTGRES_PASSWORD_FILE", "/run/secrets/db_password")
        .doesNotContainKey("POSTGRES_PASSWORD");
    assertThat((Map<String, Map<String, String>>) compose.get("secrets")).containsOnlyKeys("discord_token", "db_password", "pid_secret")
        .allSatisfy((name, secret) -> assertThat(secret).containsEntry("file", "./secrets/" + name));
    assertThat((Map<String, Object>) bot.get("build")).containsEntry("context", ".").containsEntry("dockerfile", "docker/Dockerfile");
    assertThat(Path.of("docker/Dockerfile")).isRegularFile();
    assertThat((List<String>) bot.get("volumes")).containsExactly("instance:/var/lib/cogwheel");
  }

  @Test
  void envExampleHoldsNoSecrets() throws IOException {
    Properties example = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(".env.example"), StandardCharsets.UTF_8)) {
      example.load(reader);
    }
    assertThat(example.stringPropertyNames()).containsExactly("DB_SCHEMA")
        .doesNotContain("DISCORD_TOKEN", "COGWHEEL_PID_SECRET", "POSTGRES_PASSWORD", "DATABASE_PASSWORD");
  }

  @Test
  void imageRunsTheUnpackedArchiveAsAnUnprivilegedUserWithTheInstanceAsAVolume() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("docker/Dockerfile"), StandardCharsets.UTF_8).stream()
        .filter(line -> !line.startsWith("#")).toList();
    assertThat(lines).contains("FROM eclipse-temurin:17-jre", "USER cogwheel", "VOLUME /var/lib/cogwheel",
        "ENTRYPOINT [\"/opt/cogwheel/bin/cogwheel\"]");
    assertThat(lines).filteredOn(line -> line.startsWith("FROM ")).allMatch(line -> line.startsWith("FROM eclipse-temurin:17-jre"));
    assertThat(lines.indexOf("USER cogwheel")).isGreaterThan(lines.indexOf("VOLUME /var/lib/cogwheel"));
  }

  @Test
  void systemdUnitRunsAsItsOwnUserInTheInstanceDirectoryAndStopsGracefully() throws IOException {
    List<String> directives = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("systemd/cogwheel.service"), StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("[")) {
        directives.add(line);
      }
    }
    assertThat(directives).contains(
        "User=cogwheel", "WorkingDirectory=/opt/cogwheel", "Environment=COGWHEEL_INSTANCE_DIR=/opt/cogwheel",
        "EnvironmentFile=-/etc/cogwheel/cogwheel.env", "ExecStart=/opt/cogwheel/bin/cogwheel run",
        "LoadCredential=discord-token:/etc/cogwheel/credentials/discord-token",
        "LoadCredential=db-password:/etc/cogwheel/credentials/db-password",
        "LoadCredential=pid-secret:/etc/cogwheel/credentials/pid-secret",
        "Environment=DISCORD_TOKEN_FILE=%d/discord-token", "Environment=DATABASE_PASSWORD_FILE=%d/db-password",
        "Environment=COGWHEEL_PID_SECRET_FILE=%d/pid-secret",
        "Restart=on-failure", "KillSignal=SIGTERM", "TimeoutStopSec=30s",
        "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/opt/cogwheel");
  }
}
