package dev.cogwheel.cli;

import dev.cogwheel.cli.config.CogwheelConfig;
import dev.cogwheel.cli.logging.Logging;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every {@code cogwheel db} subcommand shares: its output, the configuration, the backend, confirmation. */
abstract class DbSubcommand implements Callable<Integer> {

  @ParentCommand
  private DbCommand db;

  @Spec
  private CommandSpec spec;

  @Mixin
  private HelpOption help;

  /** Runs the command; exceptions are reported by {@link CogwheelCli}. */
  abstract int run();

  @Override
  public final Integer call() {
    try {
      return run();
    } finally {
      out().flush();
      err().flush();
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  CliEnvironment environment() {
    return db.cli().environment();
  }

  CogwheelConfig config() {
    CogwheelConfig config = CogwheelConfig.load(db.cli().configFile(), environment().variables());
    Logging.registerSecrets(config.secrets(environment().variables()));
    return config;
  }

  /**
   * Opens the backend.
   *
   * @param withPlugins whether the command needs the plugins' migration sources
   */
  DbSession open(boolean withPlugins) {
    return DbSession.open(config(), withPlugins, err());
  }

  /**
   * Fails at once, before anything is opened, when a confirmation will be needed and nobody can give it.
   *
   * @param yes whether {@code --yes} was given
   * @param verb the command ({@code restore})
   * @param why what it would do ({@code it replaces the instance schema with x.dump})
   * @param nothing what did not happen ({@code Nothing was restored.})
   */
  void requireConfirmable(boolean yes, String verb, String why, String nothing) {
    if (!yes && !environment().prompter().canAsk()) {
      throw new CliException(ExitCodes.USAGE, "Refusing to " + verb + " without a confirmation (" + why + "), and there"
          + " is no terminal to ask on. Run it in a terminal, or pass --yes to confirm in a script. " + nothing);
    }
  }

  /**
   * Asks the operator, unless {@code --yes} was given.
   *
   * @return whether to go on; when not, the command has said so
   */
  boolean confirm(boolean yes, String question, String nothing) {
    if (yes) {
      return true;
    }
    out().flush();
    String answer = environment().prompter().ask(question + " [y/N] ").trim().toLowerCase(Locale.ROOT);
    if (answer.equals("y") || answer.equals("yes")) {
      return true;
    }
    out().println("Cancelled. " + nothing);
    return false;
  }

  /** Prints {@code name  value} lines with the values aligned. */
  void printFields(Map<String, String> fields) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    fields.forEach((name, value) -> out().println((name + " ".repeat(width - name.length()) + "  " + value).stripTrailing()));
  }

  /** Prints lines under a label, the first beside it and the rest aligned below. */
  void printLabelled(String indent, String label, List<String> lines) {
    String pad = " ".repeat(label.length());
    boolean first = true;
    for (String line : lines) {
      for (String part : line.split("\\R")) {
        out().println((indent + (first ? label : pad) + part).stripTrailing());
        first = false;
      }
    }
  }
}
