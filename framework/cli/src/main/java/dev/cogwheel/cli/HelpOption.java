package dev.cogwheel.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for subcommands (the version option stays on {@code cogwheel} itself). */
final class HelpOption {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;
}
