package dev.cogwheel.cli;

import dev.cogwheel.cli.config.CogwheelConfig;
import dev.cogwheel.cli.logging.Logging;
import dev.cogwheel.storage.spi.panel.AuditEntry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cogwheel audit}: the audit log of admin actions, newest first. */
@Command(name = "audit",
    description = {
        "Show the audit log: who changed what, newest first.",
        "",
        "Config writes, plugin lifecycle, migration approvals and upgrades from the panel, and token changes from the"
            + " CLI, each with its actor (token:<name>, discord:<user>, cli:<user>), target and values before and after."})
final class AuditCommand implements Callable<Integer> {

  @ParentCommand
  private CogwheelCli cli;

  @Spec
  private CommandSpec spec;

  @Mixin
  private HelpOption help;

  @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50",
      description = "How many entries, newest first: 1 to 1000 (default ${DEFAULT-VALUE}).")
  private int limit;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 1000) {
      throw new CliException(ExitCodes.USAGE, "--limit is " + limit + "; give a whole number from 1 to 1000.");
    }
    CliEnvironment environment = cli.environment();
    CogwheelConfig config = CogwheelConfig.load(cli.configFile(), environment.variables());
    Logging.registerSecrets(config.secrets(environment.variables()));
    try (DbSession session = DbSession.open(config, false, spec.commandLine().getErr())) {
      List<AuditEntry> entries = session.panel().auditLog(limit);
      if (entries.isEmpty()) {
        spec.commandLine().getOut().println("The audit log is empty.");
        return ExitCodes.OK;
      }
      TextTable table = TextTable.of("WHEN (UTC)", "WHO", "ACTION", "TARGET", "BEFORE", "AFTER");
      entries.forEach(e -> table.row(Text.TIMESTAMP.format(e.at()), e.actor(), e.action(), e.target(),
          e.oldValue().orElse(""), e.newValue().orElse("")));
      table.print(spec.commandLine().getOut());
      return ExitCodes.OK;
    } finally {
      spec.commandLine().getOut().flush();
      spec.commandLine().getErr().flush();
    }
  }
}
