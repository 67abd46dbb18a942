package dev.cogwheel.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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

  @Test
  void onlyGetAndHeadOfExactlyMetricsAreAnswered() throws Exception {
    try (MetricsServer server = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0))) {
      HttpResponse<String> head = get(server, "/metrics", "HEAD");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValue("Content-Type")).contains(MetricsServer.CONTENT_TYPE);
      assertThat(head.body()).isEmpty();

      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        HttpResponse<String> refused = get(server, "/metrics", method);
        assertThat(refused.statusCode()).as(method).isEqualTo(405);
        assertThat(refused.headers().firstValue("Allow")).as(method).contains("GET, HEAD");
      }
      for (String path : List.of("/", "/metrics/", "/metrics/jvm", "/metricsz")) {
        assertThat(get(server, path, "GET").statusCode()).as(path).isEqualTo(404);
      }
    }
  }

  @Test
  void aScraperThatAcceptsGzipGetsTheTextCompressed() throws Exception {
    try (MetricsServer server = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0))) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + MetricsServer.PATH))
          .header("Accept-Encoding", "gzip").build();

      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());

      assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
      assertThat(response.headers().firstValue("Content-Type")).contains(MetricsServer.CONTENT_TYPE);
      try (InputStream text = new GZIPInputStream(response.body())) {
        assertThat(new String(text.readAllBytes(), StandardCharsets.UTF_8)).contains("jvm_memory_used_bytes{");
      }
    }
  }

  @Test
  void closeStopsListeningAndLeavesNoThreadsOrRegistryBehind() throws Exception {
    MetricsServer server = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0));
    int port = server.port();
    assertThat(get(server, "/metrics", "GET").statusCode()).isEqualTo(200);
    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().matches("cogwheel-metrics-\\d+"));

    server.close();

    assertThat(Metrics.globalRegistry.getRegistries()).isEmpty();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().matches("cogwheel-metrics-\\d+"));
  }

  @Test
  void anAddressThatCannotBeListenedOnFailsWithTheSystemsReasonAndLeavesNothingRunning() throws Exception {
    try (MetricsServer first = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0))) {
      assertThatThrownBy(() -> MetricsServer.start(new MetricsServer.Settings("127.0.0.1", first.port())))
          .isInstanceOf(IOException.class).hasMessageContaining("Address already in use");
      assertThat(Metrics.globalRegistry.getRegistries()).hasSize(1);
    }
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    assertThatThrownBy(() -> MetricsServer.start(new MetricsServer.Settings("192.0.2.1", 0)))
        .isInstanceOf(IOException.class).hasMessageContaining("assign requested address");
    assertThat(Metrics.globalRegistry.getRegistries()).isEmpty();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().matches("cogwheel-metrics-\\d+"));
  }
}
