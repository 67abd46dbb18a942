package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.DatabaseStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cogwheel db stats}. */
@Command(name = "stats", description = {
        "Show sizes and activity of the database."})
final class DbStatsCommand extends DbSubcommand {

  @Override
  int run() {
    try (DbSession session = open(false)) {
      DatabaseStats stats = session.inspector().stats();
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("Database size", Text.bytes(stats.databaseBytes()));
      fields.put("Instance schema", Text.bytes(stats.schemaBytes()) + " in " + Text.plural(stats.tables(), "table"));
      fields.put("Connections", stats.connections() + " open of " + stats.maxConnections() + " allowed");
      fields.put("Transactions", Text.count(stats.commits()) + " committed, " + Text.count(stats.rollbacks()) + " rolled back");
      fields.put("Cache hit ratio", String.format(Locale.ROOT, "%.1f%%", stats.cacheHitRatio() * 100));
      printFields(fields);
      return ExitCodes.OK;
    }
  }
}
