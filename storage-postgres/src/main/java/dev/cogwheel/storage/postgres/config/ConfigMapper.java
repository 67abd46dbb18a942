package dev.cogwheel.storage.postgres.config;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements over {@code cogwheel_config} and the change notifications. */
public interface ConfigMapper {

  String findValue(
      @Param("plugin") String plugin, @Param("kind") String kind, @Param("scopeId") String scopeId,
      @Param("key") String key);

  List<ConfigRow> listScope(
      @Param("plugin") String plugin, @Param("kind") String kind, @Param("scopeId") String scopeId);

  void upsert(
      @Param("plugin") String plugin, @Param("kind") String kind, @Param("scopeId") String scopeId,
      @Param("guildId") Long guildId, @Param("pid") String pid, @Param("key") String key,
      @Param("value") String value);

  int delete(
      @Param("plugin") String plugin, @Param("kind") String kind, @Param("scopeId") String scopeId,
      @Param("key") String key);

  List<ConfigRow> listByPid(@Param("plugin") String plugin, @Param("pid") String pid);

  List<ConfigRow> deleteByPid(@Param("plugin") String plugin, @Param("pid") String pid);

  String notify(@Param("channel") String channel, @Param("payload") String payload);
}
