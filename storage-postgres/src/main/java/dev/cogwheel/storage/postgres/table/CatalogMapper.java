package dev.cogwheel.storage.postgres.table;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Reads the shape of a table in the instance schema (the first schema on the search path). */
public interface CatalogMapper {

  List<ColumnInfo> columns(@Param("table") String table);

  List<String> primaryKey(@Param("table") String table);
}
