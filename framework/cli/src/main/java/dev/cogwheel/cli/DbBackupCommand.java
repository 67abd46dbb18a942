package dev.cogwheel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code cogwheel db backup}. */
@Command(name = "backup",
    description = {
        "Back up the instance schema with pg_dump.",
        "",
        "Writes <schema>-<UTC time>.dump to backup.directory and verifies it is a non-empty pg_dump "
            + "archive. Needs pg_dump of at least the server's major version (database.pg-bin-dir, else the "
            + "PATH)."})
final class DbBackupCommand extends DbSubcommand {

  @Override
  int run() {
    try (DbSession session = open(false)) {
      Path backup = session.migrations().backup().toAbsolutePath();
      out().println("Backup written and verified: " + backup + " (" + size(backup) + ")");
      out().println("Restore it with: cogwheel db restore " + Text.shellQuote(backup.toString()));
      return ExitCodes.OK;
    }
  }

  private static String size(Path file) {
    try {
      return Text.bytes(Files.size(file));
    } catch (IOException e) {
      return "size unknown: " + e.getMessage();
    }
  }
}
