package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.PendingChangeset;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cogwheel db approve}. */
@Command(name = "approve",
    description = {
        "Approve a destructive or opaque changeset.",
        "",
        "Records your approval, so that the next upgrade applies it. The approval is tied to the "
            + "changeset's checksum: if the changeset changes, it waits again. Forbidden changesets cannot "
            + "be approved."})
final class DbApproveCommand extends DbSubcommand {

  @Parameters(index = "0", paramLabel = "<ref>", description = "The changeset, as <source>:<changeset id> (cogwheel db plan prints it).")
  private String ref;

  @Option(names = "--by", paramLabel = "<name>", description = "Who approves (default: your user name).")
  private String by;

  @Override
  int run() {
    String approver = by != null ? by.trim() : environment().userName().trim();
    if (approver.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "Say who approves with --by <name>: the user name of this process is unknown.");
    }
    try (DbSession session = open(true)) {
      PendingChangeset approved = session.migrations().approve(ref, approver);
      out().println("Approved " + approved.ref() + " (" + Text.changeClass(approved.changeClass()) + ") as " + approver
          + ", for checksum " + approved.checksum() + ".");
      printLabelled("  ", "reasons   ", approved.reasons().isEmpty() ? List.of("-") : approved.reasons());
      printLabelled("  ", "rollback  ", List.of(approved.hasRollback() ? "yes" : "no"));
      printLabelled("  ", "SQL       ", approved.sql().isEmpty() ? List.of("(none)") : approved.sql());
      out().println();
      out().println("It applies at the next upgrade: cogwheel db upgrade");
      return ExitCodes.OK;
    }
  }
}
