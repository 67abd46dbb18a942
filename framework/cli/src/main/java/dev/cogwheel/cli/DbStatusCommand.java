package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cogwheel db status}. */
@Command(name = "status",
    description = {
        "Show where each migration source stands.",
        "",
        "For the core and each plugin: its state, how many changesets are applied, how many are "
            + "pending by class, and what it waits for or what blocks it."})
final class DbStatusCommand extends DbSubcommand {

  @Override
  int run() {
    try (DbSession session = open(true)) {
      List<SourceStatus> statuses = session.migrations().status();
      printStatuses(this, statuses);
      if (statuses.stream().anyMatch(s -> !s.pending().isEmpty())) {
        out().println();
        out().println("Review the pending changesets with: cogwheel db plan");
      }
      return ExitCodes.OK;
    }
  }

  /** The status table, then each source's problem line. */
  static void printStatuses(DbSubcommand command, List<SourceStatus> statuses) {
    TextTable table = TextTable.of("SOURCE", "STATE", "APPLIED", "PENDING").alignRight(2);
    statuses.forEach(s -> table.row(s.source(), Text.state(s.state()), s.applied(), Text.pendingByClass(s.pending())));
    table.print(command.out());
    printProblems(command, statuses);
  }

  static void printProblems(DbSubcommand command, List<SourceStatus> statuses) {
    List<SourceStatus> withProblems = statuses.stream().filter(s -> !s.problem().isEmpty()).toList();
    if (withProblems.isEmpty()) {
      return;
    }
    command.out().println();
    for (SourceStatus status : withProblems) {
      String label = status.state() == SourceState.BLOCKED ? "blocked: " : "";
      String problem = status.problem().startsWith(status.source() + ": ")
          ? status.problem().substring(status.source().length() + 2) : status.problem();
      command.out().println(status.source() + ": " + label + problem);
    }
  }
}
