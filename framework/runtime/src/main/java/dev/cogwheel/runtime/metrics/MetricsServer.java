package dev.cogwheel.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics endpoint: a Prometheus registry added to Micrometer's global registry (where the host's
 * and the storage backend's meters are), with the JVM's meters, served as Prometheus text at
 * {@code GET /metrics}. The JDK's own HTTP server is enough for one scrape every few seconds, and
 * keeps the endpoint apart from the local Discord's Javalin.
 *
 * <p>{@link #close()} stops the server and takes the registry out of the global one again.
 * Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  /** The path served. */
  public static final String PATH = "/metrics";

  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Where the endpoint listens.
   *
   * @param bind the address to listen on (an IP address or host name)
   * @param port the TCP port; 0 picks a free one (tests)
   */
  public record Settings(String bind, int port) {

    /** Checks the settings. */
    public Settings {
      Objects.requireNonNull(bind, "bind");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
      }
    }
  }

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(PrometheusMeterRegistry registry, JvmGcMetrics gc, HttpServer server, ExecutorService executor) {
    this.registry = registry;
    this.gc = gc;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts collecting and serving.
   *
   * @param settings where to listen
   * @return the running endpoint
   * @throws IOException if the address cannot be listened on (in use, not this machine's)
   */
  public static MetricsServer start(Settings settings) throws IOException {
    InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
    if (address.isUnresolved()) {
      throw new IOException("the address " + settings.bind() + " cannot be resolved");
    }
    HttpServer server = HttpServer.create(address, 0);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "cogwheel-metrics");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext(PATH, exchange -> serve(registry, exchange));
    server.start();
    Metrics.addRegistry(registry);
    MetricsServer started = new MetricsServer(registry, gc, server, executor);
    log.info("metrics.started address={}:{} path={}", server.getAddress().getHostString(), started.port(), PATH);
    return started;
  }

  private static void serve(PrometheusMeterRegistry registry, HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * The port listened on (the one picked, when started with port 0).
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * What {@code GET /metrics} answers now.
   *
   * @return the Prometheus text
   */
  public String scrape() {
    return registry.scrape();
  }

  /** Stops serving, takes the registry out of the global one and stops the JVM meters. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
