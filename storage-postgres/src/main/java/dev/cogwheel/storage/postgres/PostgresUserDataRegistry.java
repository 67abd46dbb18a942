package dev.cogwheel.storage.postgres;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.Subscription;
import dev.cogwheel.storage.postgres.config.PostgresConfigStore;
import dev.cogwheel.storage.privacy.UserDataExport;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.privacy.UserDataRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** Settings at member and user scopes come from the config store; everything else from the plugin's hooks. */
final class PostgresUserDataRegistry implements UserDataRegistry {

  private final String pluginId;
  private final PostgresConfigStore config;
  private final List<UserDataHook> hooks = new CopyOnWriteArrayList<>();

  PostgresUserDataRegistry(String pluginId, PostgresConfigStore config) {
    this.pluginId = pluginId;
    this.config = config;
  }

  @Override
  public Subscription register(UserDataHook hook) {
    hooks.add(Objects.requireNonNull(hook, "hook"));
    return () -> hooks.remove(hook);
  }

  @Override
  public UserDataExport export(Pid pid) {
    List<UserDataRecord> records = new ArrayList<>(config.exportFor(pid));
    for (UserDataHook hook : hooks) {
      records.addAll(hook.export(pid));
    }
    return new UserDataExport(pluginId, records);
  }

  @Override
  public int delete(Pid pid) {
    int deleted = config.deleteFor(pid);
    for (UserDataHook hook : hooks) {
      deleted += hook.delete(pid);
    }
    return deleted;
  }

  void clear() {
    hooks.clear();
  }
}
