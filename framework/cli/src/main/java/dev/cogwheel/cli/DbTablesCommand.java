package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.TableReport;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cogwheel db tables}. */
@Command(name = "tables",
    description = {
        "List the tables of the instance schema.",
        "",
        "With the plugin that owns each, the planner's row estimate, and the size with indexes."})
final class DbTablesCommand extends DbSubcommand {

  @Override
  int run() {
    try (DbSession session = open(false)) {
      List<TableReport> tables = session.inspector().tables();
      if (tables.isEmpty()) {
        out().println("The instance schema has no tables.");
        return ExitCodes.OK;
      }
      TextTable table = TextTable.of("TABLE", "OWNER", "ROWS (EST.)", "SIZE").alignRight(2, 3);
      tables.forEach(t -> table.row(t.name(), t.owner(), Text.count(t.rowEstimate()), Text.bytes(t.totalBytes())));
      table.print(out());
      out().println();
      out().println(Text.plural(tables.size(), "table") + ", " + Text.bytes(tables.stream().mapToLong(TableReport::totalBytes).sum())
          + ". Row counts are estimates, refreshed by autovacuum or ANALYZE.");
      return ExitCodes.OK;
    }
  }
}
