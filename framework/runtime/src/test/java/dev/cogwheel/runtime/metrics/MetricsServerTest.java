package dev.cogwheel.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.runtime.testutil.Invocations;
import dev.cogwheel.runtime.testutil.PluginBuilder;
import dev.cogwheel.runtime.testutil.RecordingResponder;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsServerTest {

  record Score(String member, long points) {}

  StorageBackend backend;
  CogwheelPluginManager manager;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins) throws Exception {
    try (Connection c = schema.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE scored_points (member text PRIMARY KEY, points bigint NOT NULL DEFAULT 0)");
    }
    backend = Hosts.backend(schema);
    PluginBuilder.plugin("scored").cog("""
        context.commands().register(SlashCommand.builder("ok", "Answers ok").handler(c -> c.reply("ok")).build());
        """).jar(plugins);
    manager = Hosts.manager(plugins, backend);
    manager.startAll();
  }

  @AfterAll
  void stop() {
    manager.close();
    backend.close();
  }

  private HttpResponse<String> get(MetricsServer server, String path, String method) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutTheEndpointNothingCollectsAndWithItMetricsArePrometheusText() throws Exception {
    manager.commands().dispatch(Invocations.command("ok"), new RecordingResponder()).get(30, TimeUnit.SECONDS);
    // Off by default: the host and the backend record, but no registry holds what they record.
    assertThat(Metrics.globalRegistry.getRegistries()).isEmpty();

    MetricsServer server = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0));
    try {
      assertThat(Metrics.globalRegistry.getRegistries()).hasSize(1);
      manager.commands().dispatch(Invocations.command("ok"), new RecordingResponder()).get(30, TimeUnit.SECONDS);
      backend.forPlugin("scored").table("scored_points", Score.class).increment(Key.of("ada"), "points", 3);

      HttpResponse<String> response = get(server, "/metrics", "GET");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains(MetricsServer.CONTENT_TYPE);
      String text = response.body();
      assertThat(text)
          .contains("# TYPE cogwheel_commands_seconds histogram")
          .contains("cogwheel_commands_seconds_count{command=\"ok\",outcome=\"SUCCEEDED\",plugin=\"scored\"} 1")
          .contains("cogwheel_commands_seconds_bucket{command=\"ok\",outcome=\"SUCCEEDED\",plugin=\"scored\",le=")
          .contains("cogwheel_plugins{state=\"STARTED\"} 1")
          .contains("cogwheel_plugins{state=\"FAILED\"} 0")
          .contains("cogwheel_storage_operations_seconds_count{operation=\"table.increment\",outcome=\"SUCCEEDED\",plugin=\"scored\"} 1")
          .contains("cogwheel_storage_increment_batch_increments_count")
          .contains("hikaricp_connections{pool=\"cogwheel-")
          .contains("hikaricp_connections_active{pool=\"cogwheel-")
          .contains("jvm_memory_used_bytes{")
          .contains("process_cpu_usage")
          .doesNotContain(Long.toString(Invocations.GUILD))
          .doesNotContain(Long.toString(Invocations.USER));
      assertThat(get(server, "/metrics", "POST").statusCode()).isEqualTo(405);
      assertThat(get(server, "/other", "GET").statusCode()).isEqualTo(404);
    } finally {
      server.close();
    }
    assertThat(Metrics.globalRegistry.getRegistries()).isEmpty();
  }
}
