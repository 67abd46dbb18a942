package dev.cogwheel.cli;

import picocli.CommandLine.Command;

/** {@code cogwheel db release-locks}. */
@Command(name = "release-locks",
    description = {
        "Release a migration lock left by a crash.",
        "",
        "Liquibase's lock in the instance schema stays held when a process dies while migrating. Make "
            + "sure no bot or cogwheel command is migrating this schema now."})
final class DbReleaseLocksCommand extends DbSubcommand {

  @Override
  int run() {
    try (DbSession session = open(false)) {
      String schema = session.inspector().health().schema();
      if (session.migrations().releaseLocks()) {
        out().println("Released the migration lock of schema " + schema + ".");
      } else {
        out().println("No migration lock was held on schema " + schema + "; nothing to release.");
      }
      return ExitCodes.OK;
    }
  }
}
