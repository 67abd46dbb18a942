package dev.cogwheel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cogwheel db}: the instance's database and its schema migrations. */
@Command(name = "db",
    description = {
        "Inspect and migrate the instance's database.",
        "",
        "Plugins' changelogs are read from the plugin jars in plugins.directory. Additive changesets "
            + "apply at the next upgrade (and when the bot starts); destructive and opaque ones wait for "
            + "cogwheel db approve; forbidden ones never apply."},
    subcommands = {
        DbStatusCommand.class, DbHistoryCommand.class, DbPlanCommand.class, DbUpgradeCommand.class,
        DbApproveCommand.class, DbRollbackCommand.class, DbBaselineCommand.class, DbBackupCommand.class,
        DbRestoreCommand.class, DbHealthCommand.class, DbTablesCommand.class, DbStatsCommand.class,
        DbReleaseLocksCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:the request or a setting was invalid, an unexpected error, or declined",
        "2:wrong arguments, or a confirmation was needed and there is no terminal (use --yes)",
        "3:configuration error",
        "4:the database or pg_dump/pg_restore could not be used",
        "5:no such source, changeset or file",
        "6:a concurrent change got in the way; try again",
        "10:changesets wait for approval (upgrade)",
        "11:a source is blocked (upgrade)"})
final class DbCommand implements Callable<Integer> {

  @ParentCommand
  private CogwheelCli cli;

  @Spec
  private CommandSpec spec;

  @Mixin
  private HelpOption help;

  CogwheelCli cli() {
    return cli;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
