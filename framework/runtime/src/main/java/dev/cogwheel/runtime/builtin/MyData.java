package dev.cogwheel.runtime.builtin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.runtime.plugin.PluginState;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.privacy.UserDataExport;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.spi.StorageBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code /mydata}: what every started plugin holds about a person, through the plugins' privacy
 * hooks. In a guild that is the member's Pid for that guild and their user Pid; in a direct message
 * the user Pid only.
 */
public final class MyData {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CogwheelPluginManager manager;
  private final StorageBackend backend;

  public MyData(CogwheelPluginManager manager, StorageBackend backend) {
    this.manager = manager;
    this.backend = backend;
  }

  List<Pid> pids(OptionalLong guildId, long userId) {
    List<Pid> pids = new ArrayList<>();
    guildId.ifPresent(guild -> pids.add(backend.pids().member(guild, userId)));
    pids.add(backend.pids().user(userId));
    return pids;
  }

  /**
   * Everything the plugins export for the person, as JSON: plugin id to its records.
   *
   * @param pids the person's Pids
   * @return the JSON text
   */
  String export(List<Pid> pids) {
    Map<String, List<Map<String, Object>>> byPlugin = new LinkedHashMap<>();
    for (String plugin : started()) {
      List<Map<String, Object>> records = new ArrayList<>();
      for (Pid pid : pids) {
        UserDataExport export = backend.forPlugin(plugin).userData().export(pid);
        for (UserDataRecord record : export.records()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("source", record.source());
          row.putAll(record.fields());
          records.add(row);
        }
      }
      if (!records.isEmpty()) {
        byPlugin.put(plugin, records);
      }
    }
    try {
      return JSON.writeValueAsString(byPlugin);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the export as JSON", e);
    }
  }

  /**
   * Deletes everything the plugins hold for the person.
   *
   * @param pids the person's Pids
   * @return rows deleted, by plugin
   */
  Map<String, Integer> forget(List<Pid> pids) {
    Map<String, Integer> deleted = new LinkedHashMap<>();
    for (String plugin : started()) {
      int count = 0;
      for (Pid pid : pids) {
        count += backend.forPlugin(plugin).userData().delete(pid);
      }
      deleted.put(plugin, count);
    }
    return deleted;
  }

  private List<String> started() {
    return manager.list().stream().filter(p -> p.state() == PluginState.STARTED).map(PluginInfo::id).toList();
  }
}
