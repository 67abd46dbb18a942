package dev.cogwheel.storage.postgres.ephemeral;

import dev.cogwheel.storage.ephemeral.EphemeralStore;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The ephemeral values of all plugins of one backend, kept in process memory. Bounded: when full, a
 * write first drops expired values, then the least recently written ones. Expired values are
 * dropped when read, and every write sweeps a few more, so no thread of its own is needed.
 * Thread-safe.
 */
public final class InProcessEphemeralSpace implements EphemeralSpace, PluginEphemeralStore.Space {

  /** How many values a space holds unless told otherwise. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  static final int SWEEP_PER_WRITE = 16;

  private record EntryKey(String pluginId, String key) {}

  private record Entry(String value, long expiresAt, long seq) {}

  private record Expiry(long expiresAt, long seq) {}

  private final int maxEntries;
  private final LongSupplier nanoTicker;
  private final long origin;
  private final AtomicLong nextSeq = new AtomicLong();
  private final Object evictionLock = new Object();

  // Both indexes are changed only inside a ConcurrentHashMap compute on the entry's key, so they
  // agree with the map for every key that no compute is changing at that moment.
  private final ConcurrentHashMap<EntryKey, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, EntryKey> byAge = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Expiry, EntryKey> byExpiry =
      new ConcurrentSkipListMap<>(
          Comparator.comparingLong(Expiry::expiresAt).thenComparingLong(Expiry::seq));

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
    this.maxEntries = maxEntries;
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
    // Times are kept relative to creation, so they are non-negative and compare without overflow.
    this.origin = nanoTicker.getAsLong();
  }

  @Override
  public EphemeralStore forPlugin(String pluginId) {
    return new PluginEphemeralStore(pluginId, this, "InProcessEphemeralStore[plugin=" + pluginId + "]");
  }

  @Override
  public int deleteAll(String pluginId) {
    Objects.requireNonNull(pluginId, "pluginId");
    int removed = 0;
    for (EntryKey key : entries.keySet()) {
      if (key.pluginId().equals(pluginId) && remove(key) != null) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * How many values the space holds, including expired ones not yet dropped.
   *
   * @return the count
   */
  public int size() {
    return entries.size();
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
    entries.clear();
    byAge.clear();
    byExpiry.clear();
  }

  @Override
  public String toString() {
    return "InProcessEphemeralSpace[size=" + entries.size() + ", maxEntries=" + maxEntries + "]";
  }

  @Override
  public Optional<String> get(String pluginId, String key) {
    EntryKey entryKey = new EntryKey(pluginId, key);
    Entry entry = entries.get(entryKey);
    if (entry == null) {
      return Optional.empty();
    }
    if (isLive(entry, now())) {
      return Optional.of(entry.value());
    }
    removeIfUnchanged(entryKey, entry.seq());
    return Optional.empty();
  }

  @Override
  public void put(String pluginId, String key, String value, Duration ttl) {
    long now = now();
    Entry fresh = newEntry(value, ttl, now);
    entries.compute(
        new EntryKey(pluginId, key),
        (entryKey, old) -> {
          if (old != null) {
            unindex(old);
          }
          index(entryKey, fresh);
          return fresh;
        });
    afterWrite(now);
  }

  @Override
  public boolean putIfAbsent(String pluginId, String key, String value, Duration ttl) {
    long now = now();
    Entry fresh = newEntry(value, ttl, now);
    Entry result =
        entries.compute(
            new EntryKey(pluginId, key),
            (entryKey, old) -> {
              if (old != null && isLive(old, now)) {
                return old;
              }
              if (old != null) {
                unindex(old);
              }
              index(entryKey, fresh);
              return fresh;
            });
    boolean written = result == fresh;
    if (written) {
      afterWrite(now);
    }
    return written;
  }

  @Override
  public boolean delete(String pluginId, String key) {
    Entry removed = remove(new EntryKey(pluginId, key));
    return removed != null && isLive(removed, now());
  }

  private Entry newEntry(String value, Duration ttl, long now) {
    return new Entry(value, now + ttl.toNanos(), nextSeq.incrementAndGet());
  }

  private void afterWrite(long now) {
    sweepExpired(now, SWEEP_PER_WRITE);
    if (entries.size() > maxEntries) {
      evict(now);
    }
  }

  private void sweepExpired(long now, int limit) {
    for (int i = 0; i < limit; i++) {
      Map.Entry<Expiry, EntryKey> soonest = byExpiry.firstEntry();
      if (soonest == null || soonest.getKey().expiresAt() > now) {
        return;
      }
      removeIfUnchanged(soonest.getValue(), soonest.getKey().seq());
    }
  }

  private void evict(long now) {
    // One evictor at a time, so concurrent writers do not each drop a value for the same overflow.
    synchronized (evictionLock) {
      while (entries.size() > maxEntries) {
        Map.Entry<Expiry, EntryKey> soonest = byExpiry.firstEntry();
        if (soonest != null && soonest.getKey().expiresAt() <= now) {
          removeIfUnchanged(soonest.getValue(), soonest.getKey().seq());
          continue;
        }
        Map.Entry<Long, EntryKey> oldest = byAge.firstEntry();
        if (oldest == null) {
          return;
        }
        removeIfUnchanged(oldest.getValue(), oldest.getKey());
      }
    }
  }

  private Entry remove(EntryKey entryKey) {
    Entry[] removed = new Entry[1];
    entries.computeIfPresent(
        entryKey,
        (k, current) -> {
          unindex(current);
          removed[0] = current;
          return null;
        });
    return removed[0];
  }

  /** Removes the entry only if it is still the write with this sequence number. */
  private void removeIfUnchanged(EntryKey entryKey, long seq) {
    entries.computeIfPresent(
        entryKey,
        (k, current) -> {
          if (current.seq() != seq) {
            return current;
          }
          unindex(current);
          return null;
        });
  }

  private void index(EntryKey entryKey, Entry entry) {
    byAge.put(entry.seq(), entryKey);
    byExpiry.put(new Expiry(entry.expiresAt(), entry.seq()), entryKey);
  }

  private void unindex(Entry entry) {
    byAge.remove(entry.seq());
    byExpiry.remove(new Expiry(entry.expiresAt(), entry.seq()));
  }

  private static boolean isLive(Entry entry, long now) {
    return entry.expiresAt() > now;
  }

  private long now() {
    return nanoTicker.getAsLong() - origin;
  }
}
