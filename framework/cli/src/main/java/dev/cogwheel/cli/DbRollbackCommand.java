package dev.cogwheel.cli;

import dev.cogwheel.storage.spi.migration.AppliedChangeset;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cogwheel db rollback}. */
@Command(name = "rollback",
    description = {
        "Undo the last applied changesets of a source.",
        "",
        "Runs their rollback blocks, newest first, after a verified backup. Nothing is undone if one "
            + "of them has no rollback. They are pending again afterwards: the next upgrade (or the bot, "
            + "for additive ones) applies them again unless the plugin no longer ships them."})
final class DbRollbackCommand extends DbSubcommand {

  @Parameters(index = "0", paramLabel = "<source>", description = "The source: cogwheel or a plugin id.")
  private String source;

  @Option(names = "--count", paramLabel = "N", required = true, description = "How many changesets to undo, newest first.")
  private int count;

  @Option(names = "--no-backup", description = "Do not take a backup first. Only when you have a fresh one.")
  private boolean noBackup;

  @Override
  int run() {
    if (count < 1) {
      throw new CliException(ExitCodes.USAGE, "--count must be at least 1, got " + count + ".");
    }
    try (DbSession session = open(true)) {
      SourceStatus status = session.migrations().status(source);
      if (status.applied() < count) {
        throw new CliException(ExitCodes.FAILED, source + " has " + Text.plural(status.applied(), "applied changeset")
            + "; cannot roll back " + count + ". Nothing was rolled back.");
      }
      // Taken here rather than by rollback(), which does not say where its backup went.
      if (noBackup) {
        out().println("Backup: skipped (--no-backup)");
      } else {
        Path backup = session.migrations().backup();
        out().println("Backup: " + backup.toAbsolutePath() + " (verified)");
      }
      List<AppliedChangeset> undone = session.migrations().rollback(source, count, false);
      out().println("Rolled back " + Text.plural(undone.size(), "changeset") + " of " + source + ", newest first:");
      TextTable table = TextTable.of("CHANGESET", "AUTHOR", "WAS APPLIED (UTC)");
      undone.forEach(a -> table.row(a.source() + ":" + a.id(), a.author(), Text.TIMESTAMP.format(a.executedAt())));
      table.print(out(), "  ");
      out().println();
      out().println("They are pending again: the next upgrade (or bot start, for additive ones) applies them again.");
      return ExitCodes.OK;
    }
  }
}
