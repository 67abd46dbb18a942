package dev.cogwheel.cli;

import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.spi.migration.DatabaseHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cogwheel db health}. */
@Command(name = "health",
    description = {
        "Check that the database answers.",
        "",
        "Server version, instance schema, round trip, this command's connections, and whether change "
            + "notifications arrive. Exits with 4 when the database does not answer."})
final class DbHealthCommand extends DbSubcommand {

  @Override
  int run() {
    DbSession session;
    try {
      session = open(false);
    } catch (StorageUnavailableException e) {
      return unreachable(e.getMessage());
    }
    try (session) {
      DatabaseHealth health = session.inspector().health();
      if (!health.reachable()) {
        return unreachable(health.problem());
      }
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("Database", "reachable");
      fields.put("Server", "PostgreSQL " + health.serverVersion());
      fields.put("Schema", health.schema());
      fields.put("Round trip", Text.duration(health.roundTrip()));
      fields.put("Pool", health.poolTotal() + " connections of this command (" + health.poolActive() + " active, "
          + health.poolIdle() + " idle)");
      fields.put("Config cache", health.configCacheListening() ? "receives change notifications" : "NOT receiving change notifications");
      List<String> warnings = health.warnings();
      for (int i = 0; i < warnings.size(); i++) {
        fields.put(warnings.size() == 1 ? "Warning" : "Warning " + (i + 1), warnings.get(i));
      }
      printFields(fields);
      return ExitCodes.OK;
    }
  }

  private int unreachable(String problem) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Database", "UNREACHABLE");
    fields.put("Problem", problem == null ? "" : problem);
    printFields(fields);
    return ExitCodes.UNAVAILABLE;
  }
}
