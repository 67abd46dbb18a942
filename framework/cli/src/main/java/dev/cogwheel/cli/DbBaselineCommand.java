package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.SourceStatus;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cogwheel db baseline}. */
@Command(name = "baseline",
    description = {
        "Mark pending changesets as applied without running them.",
        "",
        "For a database that already has the tables, such as one made by an earlier version of a "
            + "plugin or by another tool. Asks for confirmation; --yes confirms in a script."})
final class DbBaselineCommand extends DbSubcommand {

  @Parameters(arity = "0..1", paramLabel = "<source>", description = "Only this source (cogwheel or a plugin id; default: all).")
  private String source;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  private boolean yes;

  @Override
  int run() {
    String nothing = "Nothing was marked.";
    requireConfirmable(yes, "baseline", "it marks changesets as applied without running them", nothing);
    try (DbSession session = open(true)) {
      List<SourceStatus> statuses = source == null ? session.migrations().status() : List.of(session.migrations().status(source));
      List<SourceStatus> pending = statuses.stream().filter(s -> !s.pending().isEmpty()).toList();
      if (pending.isEmpty()) {
        out().println("Nothing to baseline: every changeset of " + (source == null ? "every source" : source)
            + " is already recorded as applied.");
        return ExitCodes.OK;
      }
      int total = pending.stream().mapToInt(s -> s.pending().size()).sum();
      TextTable table = TextTable.of("SOURCE", "CHANGESETS TO MARK");
      pending.forEach(s -> table.row(s.source(), Text.pendingByClass(s.pending())));
      table.print(out());
      out().println();
      if (!confirm(yes, "Mark these " + Text.plural(total, "changeset") + " as applied without running them?"
          + " Do this only if the database already has what they create.", nothing)) {
        return ExitCodes.FAILED;
      }
      int marked = session.migrations().baseline(source);
      out().println("Marked " + Text.plural(marked, "changeset") + " as applied (baseline). They show in cogwheel db history.");
      return ExitCodes.OK;
    }
  }
}
