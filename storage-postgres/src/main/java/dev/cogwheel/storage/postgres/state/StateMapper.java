package dev.cogwheel.storage.postgres.state;

import dev.cogwheel.storage.state.StateEntry;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements over {@code cogwheel_state}. */
public interface StateMapper {

  StateEntry find(@Param("plugin") String plugin, @Param("key") String key);

  StateEntry put(@Param("plugin") String plugin, @Param("key") String key, @Param("value") String value);

  StateEntry insertIfAbsent(
      @Param("plugin") String plugin, @Param("key") String key, @Param("value") String value);

  StateEntry replaceVersion(
      @Param("plugin") String plugin, @Param("key") String key, @Param("version") long version,
      @Param("value") String value);

  List<StateEntry> listByPrefix(@Param("plugin") String plugin, @Param("pattern") String likePattern);

  int delete(@Param("plugin") String plugin, @Param("key") String key);

  int deleteVersion(@Param("plugin") String plugin, @Param("key") String key, @Param("version") long version);
}
