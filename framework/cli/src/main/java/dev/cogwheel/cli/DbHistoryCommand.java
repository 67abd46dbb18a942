package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.AppliedChangeset;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cogwheel db history}. */
@Command(name = "history", description = {
        "List the applied changesets, oldest first.",
        "",
        "With when each was applied and how."})
final class DbHistoryCommand extends DbSubcommand {

  @Parameters(arity = "0..1", paramLabel = "<source>", description = "Only this source (cogwheel or a plugin id).")
  private String source;

  @Override
  int run() {
    try (DbSession session = open(false)) {
      List<AppliedChangeset> history = session.migrations().history().stream()
          .filter(a -> source == null || a.source().equals(source))
          .toList();
      if (history.isEmpty()) {
        out().println(source == null ? "No changeset has been applied yet." : "No changeset of " + source + " has been applied.");
        return ExitCodes.OK;
      }
      TextTable table = TextTable.of("SOURCE", "CHANGESET", "AUTHOR", "APPLIED (UTC)", "HOW");
      history.forEach(a -> table.row(a.source(), a.id(), a.author(), Text.TIMESTAMP.format(a.executedAt()), how(a.execType())));
      table.print(out());
      return ExitCodes.OK;
    }
  }

  private static String how(String execType) {
    if (execType == null) {
      return "";
    }
    return switch (execType) {
      case "EXECUTED" -> "ran";
      case "MARK_RAN" -> "marked as ran";
      case "RERAN" -> "ran again";
      default -> execType.toLowerCase(Locale.ROOT);
    };
  }
}
