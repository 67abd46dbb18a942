package dev.cogwheel.storage.postgres.state;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.postgres.core.StorageMetrics;
import dev.cogwheel.storage.postgres.core.StorageMetrics.Operation;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.storage.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** A plugin's state in {@code cogwheel_state}, through an auto-commit or transaction runner. */
public final class PostgresStateStore implements StateStore {

  static final int MAX_KEY_LENGTH = 200;
  static final int MAX_VALUE_BYTES = 256 * 1024;

  private final String pluginId;
  private final SessionRunner runner;
  private final StorageMetrics metrics;

  /**
   * Creates the store.
   *
   * @param pluginId the plugin
   * @param runner where statements run
   */
  public PostgresStateStore(String pluginId, SessionRunner runner) {
    this.pluginId = pluginId;
    this.runner = runner;
    this.metrics = StorageMetrics.forPlugin(pluginId);
  }

  @Override
  public Optional<StateEntry> find(String key) {
    return metrics.time(Operation.STATE_READ, () -> {
      checkKey(key);
      return Optional.ofNullable(
          runner.run(what("read", key), s -> s.getMapper(StateMapper.class).find(pluginId, key)));
    });
  }

  @Override
  public StateEntry put(String key, String value) {
    return metrics.time(Operation.STATE_WRITE, () -> {
      checkKey(key);
      checkValue(key, value);
      return runner.run(what("write", key), s -> s.getMapper(StateMapper.class).put(pluginId, key, value));
    });
  }

  @Override
  public Optional<StateEntry> compareAndSet(String key, long expectedVersion, String value) {
    return metrics.time(Operation.STATE_WRITE, () -> compareAndSetNow(key, expectedVersion, value));
  }

  private Optional<StateEntry> compareAndSetNow(String key, long expectedVersion, String value) {
    checkKey(key);
    checkValue(key, value);
    if (expectedVersion < 0) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": state key '" + key + "': expected version cannot be negative, got "
              + expectedVersion + " (use StateStore.ABSENT to create).");
    }
    return Optional.ofNullable(
        runner.run(
            what("compare-and-set", key),
            s -> expectedVersion == ABSENT
                ? s.getMapper(StateMapper.class).insertIfAbsent(pluginId, key, value)
                : s.getMapper(StateMapper.class).replaceVersion(pluginId, key, expectedVersion, value)));
  }

  @Override
  public List<StateEntry> list(String prefix) {
    return metrics.time(Operation.STATE_LIST, () -> listNow(prefix));
  }

  private List<StateEntry> listNow(String prefix) {
    if (prefix == null || prefix.length() > MAX_KEY_LENGTH) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": a state prefix is a string of at most " + MAX_KEY_LENGTH + " characters.");
    }
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return runner.run(
        "plugin " + pluginId + ": list state by prefix",
        s -> s.getMapper(StateMapper.class).listByPrefix(pluginId, pattern));
  }

  @Override
  public boolean delete(String key) {
    return metrics.time(Operation.STATE_WRITE, () -> {
      checkKey(key);
      return runner.run(what("delete", key), s -> s.getMapper(StateMapper.class).delete(pluginId, key)) > 0;
    });
  }

  @Override
  public boolean compareAndDelete(String key, long expectedVersion) {
    return metrics.time(Operation.STATE_WRITE, () -> {
      checkKey(key);
      return runner.run(
          what("compare-and-delete", key),
          s -> s.getMapper(StateMapper.class).deleteVersion(pluginId, key, expectedVersion)) > 0;
    });
  }

  private String what(String operation, String key) {
    return "plugin " + pluginId + ": " + operation + " state '" + key + "'";
  }

  private void checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH
        || key.chars().anyMatch(Character::isISOControl)) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": state key '" + key + "' is not valid: use 1 to " + MAX_KEY_LENGTH
              + " characters without control characters.");
    }
  }

  private void checkValue(String key, String value) {
    if (value == null) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": state '" + key + "' cannot be null; delete the key instead.");
    }
    if (value.length() > MAX_VALUE_BYTES / 4
        && value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      throw new StorageInvalidException(
          "plugin " + pluginId + ": state '" + key + "' is " + value.getBytes(StandardCharsets.UTF_8).length
              + " bytes; the limit is " + MAX_VALUE_BYTES + " bytes (256 KiB). Store large data in"
              + " the plugin's own table.");
    }
  }
}
