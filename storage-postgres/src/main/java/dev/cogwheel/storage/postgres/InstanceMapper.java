package dev.cogwheel.storage.postgres;

import org.apache.ibatis.annotations.Param;

/** Statements over {@code cogwheel_instance}. */
public interface InstanceMapper {

  String find(@Param("name") String name);

  int insertIfAbsent(@Param("name") String name, @Param("value") String value);
}
