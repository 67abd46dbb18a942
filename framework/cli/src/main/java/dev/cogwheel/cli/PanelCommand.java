package dev.cogwheel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cogwheel panel}: the admin API and web panel's operator tokens. */
@Command(name = "panel",
    description = {
        "Manage the operator tokens of the admin API and web panel.",
        "",
        "cogwheel run serves the panel when panel.port is set. Every request but /api/v1/health needs a token."},
    subcommands = PanelTokenCommand.class)
final class PanelCommand implements Callable<Integer> {

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
