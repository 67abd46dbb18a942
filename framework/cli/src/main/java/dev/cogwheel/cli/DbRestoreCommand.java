package dev.cogwheel.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cogwheel db restore}. */
@Command(name = "restore",
    description = {
        "Replace the instance schema with a backup.",
        "",
        "Takes a .dump written by cogwheel db backup or by an upgrade. All or nothing: if pg_restore "
            + "fails, the schema stays as it was. Stop the bot first. Asks for confirmation; --yes confirms "
            + "in a script. Without a terminal and without --yes it refuses."})
final class DbRestoreCommand extends DbSubcommand {

  @Parameters(index = "0", paramLabel = "<file>", description = "The backup file (a .dump).")
  private Path file;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  private boolean yes;

  @Override
  int run() {
    String nothing = "Nothing was restored.";
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.NOT_FOUND, "The backup file " + file.toAbsolutePath() + " does not exist. " + nothing);
    }
    requireConfirmable(yes, "restore", "it replaces the instance schema with " + file, nothing);
    try (DbSession session = open(false)) {
      String schema = session.inspector().health().schema();
      if (!confirm(yes, "Replace schema " + schema + " with the contents of " + file.toAbsolutePath() + "?"
          + " Everything written since that backup is lost. Is the bot stopped?", nothing)) {
        return ExitCodes.FAILED;
      }
      session.migrations().restore(file);
      out().println("Restored schema " + schema + " from " + file.toAbsolutePath() + ".");
      out().println("Check where the migrations stand with: cogwheel db status");
      return ExitCodes.OK;
    }
  }
}
