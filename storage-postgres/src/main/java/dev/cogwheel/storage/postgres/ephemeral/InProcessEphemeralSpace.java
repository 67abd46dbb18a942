package dev.cogwheel.storage.postgres.ephemeral;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.cogwheel.storage.ephemeral.EphemeralStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The ephemeral values of all plugins of one backend, kept in process memory: a Caffeine cache
 * bounded by {@link #maxEntries()}, each value expiring after its own TTL.
 *
 * <p>An expired value is never returned and never blocks {@code putIfAbsent}; the cache drops it
 * on the writing thread's next maintenance. When full, expired values go first, then Caffeine's
 * W-TinyLFU policy chooses: a value read often outlives a flood of values written once, so a plugin
 * (or a member making it write new keys) cannot push another plugin's hot values out by volume.
 * Maintenance runs on the calling thread, so the space needs no thread of its own. Thread-safe.
 */
public final class InProcessEphemeralSpace implements EphemeralSpace, PluginEphemeralStore.Space {

  /** How many values a space holds unless told otherwise. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private record EntryKey(String pluginId, String key) {}

  private record Entry(String value, long ttlNanos) {}

  /** Each value lives its own TTL from its last write; reads do not extend it. */
  private static final class TtlFromWrite implements Expiry<EntryKey, Entry> {
    @Override
    public long expireAfterCreate(EntryKey key, Entry entry, long now) {
      return entry.ttlNanos();
    }

    @Override
    public long expireAfterUpdate(EntryKey key, Entry entry, long now, long remaining) {
      return entry.ttlNanos();
    }

    @Override
    public long expireAfterRead(EntryKey key, Entry entry, long now, long remaining) {
      return remaining;
    }
  }

  private final int maxEntries;
  private final Cache<EntryKey, Entry> entries;

  /** Creates a space holding at most {@value #DEFAULT_MAX_ENTRIES} values. */
  public InProcessEphemeralSpace() {
    this(DEFAULT_MAX_ENTRIES);
  }

  /**
   * Creates a space.
   *
   * @param maxEntries the most values it holds, over all plugins; at least 1
   */
  public InProcessEphemeralSpace(int maxEntries) {
    this(maxEntries, System::nanoTime);
  }

  InProcessEphemeralSpace(int maxEntries, LongSupplier nanoTicker) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException(
          "maxEntries of the ephemeral space is " + maxEntries + "; it must be at least 1.");
    }
    Objects.requireNonNull(nanoTicker, "nanoTicker");
    this.maxEntries = maxEntries;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new TtlFromWrite())
            .ticker(nanoTicker::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  @Override
  public EphemeralStore forPlugin(String pluginId) {
    return new PluginEphemeralStore(pluginId, this, "InProcessEphemeralStore[plugin=" + pluginId + "]");
  }

  @Override
  public int deleteAll(String pluginId) {
    Objects.requireNonNull(pluginId, "pluginId");
    AtomicInteger removed = new AtomicInteger();
    entries.asMap().keySet().removeIf(key -> key.pluginId().equals(pluginId) && removed.incrementAndGet() > 0);
    return removed.get();
  }

  /**
   * How many values the space holds, after dropping expired ones and evicting past the bound.
   *
   * @return the count
   */
  public int size() {
    entries.cleanUp();
    return (int) entries.estimatedSize();
  }

  /**
   * The most values the space holds.
   *
   * @return the bound given at creation
   */
  public int maxEntries() {
    return maxEntries;
  }

  @Override
  public void close() {
    entries.invalidateAll();
    entries.cleanUp();
  }

  @Override
  public String toString() {
    return "InProcessEphemeralSpace[size=" + entries.estimatedSize() + ", maxEntries=" + maxEntries + "]";
  }

  @Override
  public Optional<String> get(String pluginId, String key) {
    return Optional.ofNullable(entries.getIfPresent(new EntryKey(pluginId, key))).map(Entry::value);
  }

  @Override
  public void put(String pluginId, String key, String value, Duration ttl) {
    entries.put(new EntryKey(pluginId, key), new Entry(value, ttl.toNanos()));
  }

  @Override
  public boolean putIfAbsent(String pluginId, String key, String value, Duration ttl) {
    Entry fresh = new Entry(value, ttl.toNanos());
    // Caffeine's map view treats an expired value as absent, so it is replaced here.
    return entries.asMap().putIfAbsent(new EntryKey(pluginId, key), fresh) == null;
  }

  @Override
  public boolean delete(String pluginId, String key) {
    return entries.asMap().remove(new EntryKey(pluginId, key)) != null;
  }
}
