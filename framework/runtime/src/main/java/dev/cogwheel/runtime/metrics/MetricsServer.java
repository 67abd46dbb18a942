package dev.cogwheel.runtime.metrics;

import io.javalin.Javalin;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.util.ConcurrencyUtil;
import io.javalin.util.JavalinException;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics endpoint: a Prometheus registry added to Micrometer's global registry (where the host's
 * and the storage backend's meters are), with the JVM's meters, served as Prometheus text at
 * {@code GET /metrics} (and {@code HEAD}) by Javalin, the HTTP stack of the panel and the local Discord.
 *
 * <p>It is a listener of its own ({@code metrics.bind}, {@code metrics.port}), not a route of the
 * panel, on purpose: the metrics port is an internal scrape port that Prometheus reads without the
 * panel's operator tokens, so it is bound and firewalled apart from the panel; and it is closed last,
 * so it still answers while the host shuts down, after the panel has closed.
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
  private final Javalin server;

  private MetricsServer(PrometheusMeterRegistry registry, JvmGcMetrics gc, Javalin server) {
    this.registry = registry;
    this.gc = gc;
    this.server = server;
  }

  /**
   * Starts collecting and serving.
   *
   * @param settings where to listen
   * @return the running endpoint
   * @throws IOException if the address cannot be listened on (in use, not this machine's), with the
   *     system's reason as its message
   */
  public static MetricsServer start(Settings settings) throws IOException {
    if (new InetSocketAddress(settings.bind(), settings.port()).isUnresolved()) {
      throw new IOException("the address " + settings.bind() + " cannot be resolved");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Javalin server = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.startup.startupWatcherEnabled = false;
      config.jetty.host = settings.bind();
      config.jetty.port = settings.port();
      // One scrape every few seconds needs few threads, not Javalin's default pool of 8 to 250, and the
      // name tells them from the panel's in a thread dump. 16 leaves room for the acceptor and
      // selector threads Jetty sizes by the number of cores.
      config.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("cogwheel-metrics", 1, 16, false);
      config.router.ignoreTrailingSlashes = false;
      config.http.prefer405over404 = true;
      config.routes.get(PATH, ctx -> ctx.contentType(CONTENT_TYPE).result(registry.scrape()));
      // Javalin answers HEAD for a GET route itself, but without the route's content type.
      config.routes.head(PATH, ctx -> ctx.contentType(CONTENT_TYPE));
      config.routes.error(HttpStatus.METHOD_NOT_ALLOWED, ctx -> ctx.header(Header.ALLOW, "GET, HEAD"));
    });
    try {
      server.start();
    } catch (JavalinException e) {
      registry.close();
      throw new IOException(systemReason(e), e);
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    Metrics.addRegistry(registry);
    MetricsServer started = new MetricsServer(registry, gc, server);
    log.info("metrics.started address={}:{} path={}", settings.bind(), started.port(), PATH);
    return started;
  }

  /**
   * The innermost cause's message, such as "Address already in use" or "Cannot assign requested
   * address": Javalin's own message says "Port already in use" for every failed bind.
   */
  private static String systemReason(JavalinException e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  /**
   * The port listened on (the one picked, when started with port 0).
   *
   * @return the port
   */
  public int port() {
    return server.port();
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
    server.stop();
    Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
