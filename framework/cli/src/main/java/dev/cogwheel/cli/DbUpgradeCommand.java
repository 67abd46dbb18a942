package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cogwheel db upgrade}. */
@Command(name = "upgrade",
    description = {
        "Apply the additive and the approved changesets.",
        "",
        "Each source applies after the sources it depends on. A verified backup of the instance "
            + "schema is taken first when anything will apply. Prints the backup file, what was applied, "
            + "and what still waits, with the commands that approve it. Exits with 10 when changesets still "
            + "wait for approval, 11 when a source is blocked."})
final class DbUpgradeCommand extends DbSubcommand {

  @Parameters(arity = "0..1", paramLabel = "<source>",
      description = "Only this source and the sources it depends on (default: all).")
  private String source;

  @Option(names = "--no-backup", description = "Do not take a backup first. Only when you have a fresh one.")
  private boolean noBackup;

  @Override
  int run() {
    try (DbSession session = open(true)) {
      UpgradeResult result = session.migrations().upgrade(source, !noBackup);
      int appliedNow = result.appliedNow().stream().mapToInt(Integer::intValue).sum();
      out().println("Backup: " + result.backup().map(b -> b.toAbsolutePath() + " (verified)").orElse(
          noBackup ? "skipped (--no-backup)"
              : appliedNow == 0 ? "none needed, nothing was applied" : "none needed, the schema had no tables yet"));
      out().println(appliedNow == 0 ? "Applied: nothing" : "Applied: " + Text.plural(appliedNow, "changeset"));
      out().println();
      TextTable table = TextTable.of("SOURCE", "APPLIED NOW", "STATE", "PENDING").alignRight(1);
      for (int i = 0; i < result.sources().size(); i++) {
        SourceStatus s = result.sources().get(i);
        table.row(s.source(), result.appliedNow().get(i), Text.state(s.state()), Text.pendingByClass(s.pending()));
      }
      table.print(out());
      return reportWhatWaits(result.sources());
    }
  }

  private int reportWhatWaits(List<SourceStatus> sources) {
    List<PendingChangeset> toApprove = sources.stream()
        .filter(s -> s.state() != SourceState.UP_TO_DATE)
        .flatMap(s -> s.pending().stream())
        .filter(p -> !p.approved() && (p.changeClass() == ChangeClass.DESTRUCTIVE || p.changeClass() == ChangeClass.OPAQUE))
        .toList();
    List<SourceStatus> blocked = sources.stream().filter(s -> s.state() == SourceState.BLOCKED).toList();
    boolean notDone = sources.stream().anyMatch(s -> s.state() != SourceState.UP_TO_DATE);
    if (!toApprove.isEmpty()) {
      out().println();
      out().println("Waiting for approval (read them first with: cogwheel db plan):");
      TextTable waiting = TextTable.of("CHANGESET", "CLASS", "APPROVE WITH");
      toApprove.forEach(p -> waiting.row(p.ref(), Text.changeClass(p.changeClass()), Text.approveCommand(p)));
      waiting.print(out(), "  ");
    }
    DbStatusCommand.printProblems(this, blocked);
    if (!blocked.isEmpty()) {
      return ExitCodes.BLOCKED;
    }
    if (notDone) {
      out().println();
      out().println("Then run cogwheel db upgrade again.");
      return ExitCodes.WAITING;
    }
    return ExitCodes.OK;
  }
}
