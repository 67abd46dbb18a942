package dev.cogwheel.storage.postgres.config;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.Subscription;
import dev.cogwheel.storage.config.ConfigChangedEvent;
import dev.cogwheel.storage.config.ConfigEntry;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigListener;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.postgres.core.Sessions;
import dev.cogwheel.storage.postgres.core.StorageMetrics;
import dev.cogwheel.storage.postgres.core.StorageMetrics.Operation;
import dev.cogwheel.storage.privacy.UserDataRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** A plugin's settings in {@code cogwheel_config}, read through the backend's {@link ConfigChangeBus}. */
public final class PostgresConfigStore implements ConfigStore {

  static final int MAX_VALUE_BYTES = 64 * 1024;

  private final String pluginId;
  private final SessionRunner reads;
  private final SqlSessionFactory sessions;
  private final ConfigChangeBus bus;
  private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
  private final StorageMetrics metrics;

  /**
   * Creates the store.
   *
   * @param pluginId the plugin
   * @param reads runs auto-committed reads
   * @param sessions opens the sessions writes commit in, together with their notification
   * @param bus the backend's cache and notifications
   */
  public PostgresConfigStore(String pluginId, SessionRunner reads, SqlSessionFactory sessions, ConfigChangeBus bus) {
    this.pluginId = pluginId;
    this.reads = reads;
    this.sessions = sessions;
    this.bus = bus;
    this.metrics = StorageMetrics.forPlugin(pluginId);
  }

  @Override
  public synchronized void register(ConfigKey<?>... newKeys) {
    for (ConfigKey<?> key : newKeys) {
      ConfigKey<?> existing = keys.get(key.name());
      if (existing != null && !existing.equals(key)) {
        throw new StorageInvalidException(
            "plugin " + pluginId + ": config key '" + key.name() + "' is registered twice with different"
                + " definitions; give each key a unique name.");
      }
      keys.put(key.name(), key);
    }
  }

  @Override
  public synchronized List<ConfigKey<?>> keys() {
    return List.copyOf(keys.values());
  }

  @Override
  public <T> T get(ConfigKey<T> key, ConfigScope scope) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(scope, "scope");
    long start = System.nanoTime();
    boolean[] readDatabase = new boolean[1];
    try {
      T found = key.defaultValue();
      for (ConfigScope s = scope; s != null; s = s.parent().orElse(null)) {
        Optional<T> value = lookup(key, s, readDatabase);
        if (value.isPresent()) {
          found = value.get();
          break;
        }
      }
      metrics.record(readOperation(readDatabase), start, null);
      return found;
    } catch (RuntimeException e) {
      metrics.record(readOperation(readDatabase), start, e);
      throw e;
    }
  }

  @Override
  public <T> Optional<T> find(ConfigKey<T> key, ConfigScope scope) {
    long start = System.nanoTime();
    boolean[] readDatabase = new boolean[1];
    try {
      Optional<T> value = lookup(key, scope, readDatabase);
      metrics.record(readOperation(readDatabase), start, null);
      return value;
    } catch (RuntimeException e) {
      metrics.record(readOperation(readDatabase), start, e);
      throw e;
    }
  }

  private static Operation readOperation(boolean[] readDatabase) {
    return readDatabase[0] ? Operation.CONFIG_READ_UNCACHED : Operation.CONFIG_READ_CACHED;
  }

  /** One scope's value, from the cache or else from the database (then {@code readDatabase[0]} is set). */
  private <T> Optional<T> lookup(ConfigKey<T> key, ConfigScope scope, boolean[] readDatabase) {
    String kind = ScopeCodec.kind(scope);
    String scopeId = ScopeCodec.id(scope);
    Optional<String> text = bus.read(pluginId, kind, scopeId, key.name(), () -> {
      readDatabase[0] = true;
      return Optional.ofNullable(reads.run(what("read", key, scope),
          s -> s.getMapper(ConfigMapper.class).findValue(pluginId, kind, scopeId, key.name())));
    });
    return text.map(t -> decodeStored(key, scope, t));
  }

  private <T> T decodeStored(ConfigKey<T> key, ConfigScope scope, String text) {
    try {
      return key.type().decode(text);
    } catch (StorageInvalidException e) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": the stored value of config key '" + key.name() + "' at scope " + scope
              + " is not a " + key.type().name() + "; set it again or clear it.", e);
    }
  }

  @Override
  public <T> void set(ConfigKey<T> key, ConfigScope scope, T value) {
    metrics.time(Operation.CONFIG_WRITE, () -> {
      setNow(key, scope, value);
      return null;
    });
  }

  private <T> void setNow(ConfigKey<T> key, ConfigScope scope, T value) {
    Objects.requireNonNull(scope, "scope");
    String text = key.type().encode(key.validate(value));
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_VALUE_BYTES) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": config key '" + key.name() + "' value is " + bytes + " bytes; the limit"
              + " is " + MAX_VALUE_BYTES + " bytes (64 KiB).");
    }
    String kind = ScopeCodec.kind(scope);
    String scopeId = ScopeCodec.id(scope);
    write(what("write", key, scope), session -> {
      ConfigMapper mapper = session.getMapper(ConfigMapper.class);
      mapper.upsert(pluginId, kind, scopeId, ScopeCodec.guildId(scope), ScopeCodec.pid(scope), key.name(), text);
      mapper.notify(ConfigChangeBus.CHANNEL, bus.payload(pluginId, kind, scopeId, key.name()));
      return 1;
    });
    bus.changedHere(new ConfigChangedEvent(pluginId, key.name(), scope), kind, scopeId);
  }

  @Override
  public boolean clear(ConfigKey<?> key, ConfigScope scope) {
    return metrics.time(Operation.CONFIG_WRITE, () -> clearNow(key, scope));
  }

  private boolean clearNow(ConfigKey<?> key, ConfigScope scope) {
    String kind = ScopeCodec.kind(Objects.requireNonNull(scope, "scope"));
    String scopeId = ScopeCodec.id(scope);
    int deleted = write(what("clear", key, scope), session -> {
      ConfigMapper mapper = session.getMapper(ConfigMapper.class);
      int n = mapper.delete(pluginId, kind, scopeId, key.name());
      if (n > 0) {
        mapper.notify(ConfigChangeBus.CHANNEL, bus.payload(pluginId, kind, scopeId, key.name()));
      }
      return n;
    });
    if (deleted > 0) {
      bus.changedHere(new ConfigChangedEvent(pluginId, key.name(), scope), kind, scopeId);
    }
    return deleted > 0;
  }

  @Override
  public List<ConfigEntry> list(ConfigScope scope) {
    return metrics.time(Operation.CONFIG_LIST, () -> listNow(scope));
  }

  private List<ConfigEntry> listNow(ConfigScope scope) {
    String kind = ScopeCodec.kind(Objects.requireNonNull(scope, "scope"));
    String scopeId = ScopeCodec.id(scope);
    return reads.run("plugin " + pluginId + ": list config at " + scope,
            s -> s.getMapper(ConfigMapper.class).listScope(pluginId, kind, scopeId))
        .stream()
        .map(r -> new ConfigEntry(r.key(), scope, r.value(), r.updatedAt()))
        .toList();
  }

  @Override
  public Subscription addListener(ConfigListener listener) {
    return bus.addListener(pluginId, Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The settings stored at member and user scopes for a Pid, for a privacy export.
   *
   * @param pid the person
   * @return one record per setting
   */
  public List<UserDataRecord> exportFor(Pid pid) {
    return metrics.time(Operation.CONFIG_LIST, () -> exportNow(pid));
  }

  private List<UserDataRecord> exportNow(Pid pid) {
    List<UserDataRecord> records = new ArrayList<>();
    for (ConfigRow row : reads.run("plugin " + pluginId + ": export config for a pid",
        s -> s.getMapper(ConfigMapper.class).listByPid(pluginId, pid.value()))) {
      records.add(new UserDataRecord("config", Map.of(
          "key", row.key(),
          "scope", ScopeCodec.decode(row.scopeKind(), row.scopeId()).toString(),
          "value", row.value(),
          "updatedAt", row.updatedAt().toString())));
    }
    return records;
  }

  /**
   * Deletes the settings stored at member and user scopes for a Pid, notifying every process.
   *
   * @param pid the person
   * @return how many settings were deleted
   */
  public int deleteFor(Pid pid) {
    return metrics.time(Operation.CONFIG_WRITE, () -> deleteNow(pid));
  }

  private int deleteNow(Pid pid) {
    List<ConfigRow> deleted = write("plugin " + pluginId + ": delete config for a pid", session -> {
      ConfigMapper mapper = session.getMapper(ConfigMapper.class);
      List<ConfigRow> rows = mapper.deleteByPid(pluginId, pid.value());
      for (ConfigRow row : rows) {
        mapper.notify(ConfigChangeBus.CHANNEL, bus.payload(pluginId, row.scopeKind(), row.scopeId(), row.key()));
      }
      return rows;
    });
    for (ConfigRow row : deleted) {
      bus.changedHere(new ConfigChangedEvent(pluginId, row.key(), ScopeCodec.decode(row.scopeKind(), row.scopeId())),
          row.scopeKind(), row.scopeId());
    }
    return deleted.size();
  }

  private <T> T write(String what, Function<SqlSession, T> work) {
    return Sessions.inTransaction(sessions, what, work);
  }

  private String what(String operation, ConfigKey<?> key, ConfigScope scope) {
    return "plugin " + pluginId + ": " + operation + " config '" + key.name() + "' at " + scope;
  }
}
