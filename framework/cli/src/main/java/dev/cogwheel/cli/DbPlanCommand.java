package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SourceState;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cogwheel db plan}. */
@Command(name = "plan",
    description = {
        "Show what an upgrade would do, and what waits for approval.",
        "",
        "For every pending changeset: its reference, class and the reasons for it, the SQL it would "
            + "run, whether it can be rolled back, and for a destructive or opaque one the command that "
            + "approves it. Changes nothing."})
final class DbPlanCommand extends DbSubcommand {

  @Parameters(arity = "0..1", paramLabel = "<source>", description = "Only this source (cogwheel or a plugin id).")
  private String source;

  @Override
  int run() {
    try (DbSession session = open(true)) {
      List<SourceStatus> statuses = source == null ? session.migrations().status() : List.of(session.migrations().status(source));
      List<SourceStatus> pending = statuses.stream().filter(s -> !s.pending().isEmpty() || s.state() == SourceState.BLOCKED).toList();
      if (pending.isEmpty()) {
        out().println("Nothing to apply: " + (source == null ? "every source is" : source + " is") + " up to date.");
        return ExitCodes.OK;
      }
      boolean first = true;
      for (SourceStatus status : pending) {
        if (!first) {
          out().println();
        }
        first = false;
        printSource(status);
      }
      out().println();
      boolean waiting = pending.stream().flatMap(s -> s.pending().stream()).anyMatch(p -> !p.mayApply() && p.changeClass() != ChangeClass.FORBIDDEN);
      if (waiting) {
        out().println("Approve a destructive or opaque changeset only after reading its SQL, and take a backup first");
        out().println("(cogwheel db backup; upgrade takes one too). Then apply with: cogwheel db upgrade");
      } else if (pending.stream().allMatch(s -> s.state() != SourceState.BLOCKED)) {
        out().println("Apply with: cogwheel db upgrade");
      }
      return ExitCodes.OK;
    }
  }

  private void printSource(SourceStatus status) {
    out().println("== " + status.source() + (status.logicalPath().isEmpty() ? "" : " (" + status.logicalPath() + ")") + ": "
        + Text.plural(status.pending().size(), "pending changeset") + ", " + Text.state(status.state()));
    if (status.state() == SourceState.BLOCKED) {
      out().println("   Nothing of it applies until this is fixed: " + status.problem());
    }
    PendingChangeset waitingFor = null;
    for (PendingChangeset p : status.pending()) {
      out().println();
      out().println("  " + p.ref() + "  " + verdict(status, p, waitingFor));
      printLabelled("    ", "author    ", List.of(p.author() == null ? "" : p.author()));
      printLabelled("    ", "reasons   ", p.reasons().isEmpty() ? List.of("-") : p.reasons());
      printLabelled("    ", "rollback  ", List.of(p.hasRollback() ? "yes" : "no"));
      printLabelled("    ", "SQL       ", p.sql().isEmpty() ? List.of("(none)") : p.sql());
      if (!p.approved() && (p.changeClass() == ChangeClass.DESTRUCTIVE || p.changeClass() == ChangeClass.OPAQUE)) {
        printLabelled("    ", "approve   ", List.of(Text.approveCommand(p)));
      }
      if (waitingFor == null && !p.mayApply()) {
        waitingFor = p;
      }
    }
  }

  private static String verdict(SourceStatus status, PendingChangeset p, PendingChangeset waitingFor) {
    String kind = Text.changeClass(p.changeClass());
    List<String> parts = new ArrayList<>(List.of(kind));
    if (p.changeClass() == ChangeClass.FORBIDDEN) {
      parts.add("never applies");
    } else if (!p.mayApply()) {
      parts.add("waits for approval");
    } else {
      if (p.approved()) {
        parts.add("approved");
      }
      if (status.state() == SourceState.BLOCKED) {
        parts.add("blocked");
      } else if (waitingFor != null) {
        parts.add("applies after " + waitingFor.ref() + " is approved");
      } else {
        parts.add("applies at the next upgrade");
      }
    }
    return String.join(", ", parts);
  }
}
