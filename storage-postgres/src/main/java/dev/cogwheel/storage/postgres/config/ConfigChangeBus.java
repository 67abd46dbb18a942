package dev.cogwheel.storage.postgres.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cogwheel.storage.Subscription;
import dev.cogwheel.storage.config.ConfigChangedEvent;
import dev.cogwheel.storage.config.ConfigListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config read cache of one backend, kept right across processes with PostgreSQL LISTEN/NOTIFY.
 *
 * <p>Every write sends a notification in its own transaction, so it is delivered only if the write
 * commits. A dedicated connection listens and invalidates the entry it names, then runs the plugin's
 * listeners. While that connection is down, notifications may be missed, so the cache is emptied and
 * bypassed until it is back: a reader is never served a value older than the last committed write
 * it could have been told about. The cache holds at most 200,000 entries; past that, Caffeine
 * evicts those least likely to be read again, and a read of an evicted entry goes to the database.
 */
public final class ConfigChangeBus implements AutoCloseable {

  /** The notification channel; the payload names the schema, so instances sharing a database ignore each other. */
  static final String CHANNEL = "cogwheel_config";

  private static final Logger log = LoggerFactory.getLogger(ConfigChangeBus.class);
  private static final int MAX_CACHED = 200_000;
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** Identifies this process's notifications, so its own writes do not run listeners twice. */
  private final String origin = UUID.randomUUID().toString();
  private final String schema;
  private final ConnectionOpener opener;
  private final boolean cacheEnabled;
  private final Cache<String, Optional<String>> cache;
  private final AtomicLong generation = new AtomicLong();
  private final Map<String, List<ConfigListener>> listeners = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean listening;
  private volatile boolean attempted;

  /** Opens the listening connection. */
  @FunctionalInterface
  public interface ConnectionOpener {
    /**
     * Opens a new connection, not from the pool.
     *
     * @return the connection
     * @throws SQLException if the database cannot be reached
     */
    Connection open() throws SQLException;
  }

  /**
   * Starts listening on a background thread.
   *
   * @param schema the instance schema
   * @param opener opens the dedicated listening connection
   * @param cacheEnabled whether reads may be served from the cache
   */
  public ConfigChangeBus(String schema, ConnectionOpener opener, boolean cacheEnabled) {
    this(schema, opener, cacheEnabled, MAX_CACHED);
  }

  ConfigChangeBus(String schema, ConnectionOpener opener, boolean cacheEnabled, int maxCached) {
    this.schema = schema;
    this.opener = opener;
    this.cacheEnabled = cacheEnabled;
    // Caffeine's upkeep (evicting past the bound) runs on the reading thread, not in the common pool
    // that plugins share too.
    this.cache = Caffeine.newBuilder().maximumSize(maxCached).executor(Runnable::run).build();
    this.thread = new Thread(this::listenLoop, "cogwheel-config-listener-" + schema);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Whether the cache is in use, which it is only while notifications are being received.
   *
   * @return true when listening
   */
  public boolean listening() {
    return listening;
  }

  /**
   * Waits until the listening connection is up.
   *
   * @param timeout how long to wait
   * @return whether it is up
   * @throws InterruptedException if interrupted
   */
  public boolean awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!listening && System.nanoTime() < deadline && closed.getCount() > 0) {
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    }
    return listening;
  }

  /**
   * Whether the cache is in use, waiting (at most {@code timeout}) for the first connection attempt
   * when it is still under way, as right after the backend opened. Later losses are reported at once.
   *
   * @param timeout how long to wait for the first attempt
   * @return true when listening
   */
  public boolean listeningAfterFirstAttempt(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!attempted && System.nanoTime() < deadline && closed.getCount() > 0) {
        try {
          wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return listening;
  }

  String payload(String plugin, String kind, String scopeId, String key) {
    return String.join("\t", schema, plugin, kind, scopeId, key, origin);
  }

  /**
   * Reads through the cache.
   *
   * @param plugin the plugin
   * @param kind the scope kind
   * @param scopeId the scope id
   * @param key the key
   * @param loader reads the database
   * @return the stored text, or empty
   */
  Optional<String> read(String plugin, String kind, String scopeId, String key, Supplier<Optional<String>> loader) {
    if (!cacheEnabled || !listening) {
      return loader.get();
    }
    String cacheKey = cacheKey(plugin, kind, scopeId, key);
    Optional<String> hit = cache.getIfPresent(cacheKey);
    if (hit != null) {
      return hit;
    }
    long before = generation.get();
    Optional<String> loaded = loader.get();
    // A write that committed while we read has bumped the generation: our value may be older than it.
    // The check runs under the entry's lock, so an invalidation either is seen by it or removes the
    // value after it is stored.
    cache.asMap().computeIfAbsent(cacheKey, k -> listening && generation.get() == before ? loaded : null);
    return loaded;
  }

  /**
   * Records a committed write made by this process: invalidates at once and runs listeners.
   *
   * @param event the change
   * @param kind the scope kind
   * @param scopeId the scope id
   */
  void changedHere(ConfigChangedEvent event, String kind, String scopeId) {
    invalidate(event.pluginId(), kind, scopeId, event.key());
    fire(event);
  }

  Subscription addListener(String plugin, ConfigListener listener) {
    List<ConfigListener> list = listeners.computeIfAbsent(plugin, p -> new CopyOnWriteArrayList<>());
    list.add(listener);
    return () -> list.remove(listener);
  }

  /**
   * Drops a plugin's listeners (the plugin stopped).
   *
   * @param plugin the plugin
   */
  public void removeListeners(String plugin) {
    listeners.remove(plugin);
  }

  private void invalidate(String plugin, String kind, String scopeId, String key) {
    generation.incrementAndGet();
    cache.invalidate(cacheKey(plugin, kind, scopeId, key));
  }

  private void fire(ConfigChangedEvent event) {
    for (ConfigListener listener : listeners.getOrDefault(event.pluginId(), List.of())) {
      try {
        listener.onChange(event);
      } catch (RuntimeException e) {
        log.warn("plugin {}: config listener failed for key {}", event.pluginId(), event.key(), e);
      }
    }
  }

  private static String cacheKey(String plugin, String kind, String scopeId, String key) {
    return plugin + '\t' + kind + '\t' + scopeId + '\t' + key;
  }

  private void listenLoop() {
    Duration backoff = Duration.ofMillis(100);
    while (closed.getCount() > 0) {
      try (Connection connection = opener.open()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        cache.invalidateAll();
        generation.incrementAndGet();
        setListening(true);
        backoff = Duration.ofMillis(100);
        log.debug("config cache of schema {} is listening for changes", schema);
        while (closed.getCount() > 0) {
          PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
          if (notifications != null) {
            for (PGNotification n : notifications) {
              receive(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (listening) {
          log.warn("config cache of schema {} lost its notification connection ({}); reading from the"
              + " database until it is back", schema, e.getMessage());
        }
      }
      setListening(false);
      cache.invalidateAll();
      try {
        if (closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private synchronized void setListening(boolean value) {
    listening = value;
    attempted = true;
    notifyAll();
  }

  private void receive(String payload) {
    String[] parts = payload.split("\t", -1);
    if (parts.length != 6 || !parts[0].equals(schema)) {
      return;
    }
    invalidate(parts[1], parts[2], parts[3], parts[4]);
    if (!parts[5].equals(origin)) {
      try {
        fire(new ConfigChangedEvent(parts[1], parts[4], ScopeCodec.decode(parts[2], parts[3])));
      } catch (RuntimeException e) {
        log.warn("ignored a malformed config notification for schema {}", schema);
      }
    }
  }

  /** Stops listening and empties the cache. */
  @Override
  public void close() {
    closed.countDown();
    setListening(false);
    cache.invalidateAll();
    try {
      thread.join(POLL.toMillis() * 4);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
