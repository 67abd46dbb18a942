package dev.cogwheel.storage.spi.migration;

import java.util.List;

/**
 * What an operator asks about the instance's database ({@code cogwheel db health | tables | stats}).
 * Read-only; thread-safe.
 */
public interface DatabaseInspector {

  /**
   * Whether the database answers, and what it is.
   *
   * @return the health report; never throws for an unreachable database, it reports it
   */
  DatabaseHealth health();

  /**
   * The tables of the instance schema with their owner, row estimate and size.
   *
   * @return the tables, ordered by name
   */
  List<TableReport> tables();

  /**
   * Sizes and activity of the instance schema and database.
   *
   * @return the statistics
   */
  DatabaseStats stats();
}
