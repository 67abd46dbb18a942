package dev.cogwheel.cli;

import dev.cogwheel.cli.config.ConfigException;
import dev.cogwheel.runtime.plugin.CogwheelVersion;
import dev.cogwheel.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code cogwheel}: the operator's command line. Errors print their message (written for operators)
 * and exit with a code that says what kind of failure it was; a stack trace only with
 * {@code --verbose}.
 */
@Command(name = "cogwheel", mixinStandardHelpOptions = true, versionProvider = CogwheelCli.Version.class,
    description = "Runs and maintains a Cogwheel Discord bot instance.",
    subcommands = {RunCommand.class, DbCommand.class, PanelCommand.class, AuditCommand.class})
public final class CogwheelCli implements Callable<Integer> {

  /** The system property the bundled logback.xml reads the log level from. */
  static final String LOG_LEVEL_PROPERTY = "cogwheel.log.level";

  private static final String LIQUIBASE_SUMMARY_PROPERTY = "liquibase.command.showSummaryOutput";

  private final CliEnvironment environment;

  @Spec
  private CommandSpec spec;

  @Option(names = "--config", paramLabel = "<file>", scope = ScopeType.INHERIT,
      description = "The configuration file (default: conf/cogwheel.properties if it exists). "
          + "Environment variables override it.")
  private Path configFile;

  private boolean verbose;

  CogwheelCli(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // Liquibase logs through java.util.logging; send it where everything else goes.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    // Liquibase prints an update summary to standard output when the backend applies the core
    // changelog; standard output is for what the commands print, so the summary goes to the log.
    if (System.getProperty(LIQUIBASE_SUMMARY_PROPERTY) == null) {
      System.setProperty(LIQUIBASE_SUMMARY_PROPERTY, "LOG");
    }
    System.exit(commandLine(CliEnvironment.system()).execute(args));
  }

  /** The command line over an environment, with the CLI's error handling. */
  static CommandLine commandLine(CliEnvironment environment) {
    return new CommandLine(new CogwheelCli(environment))
        .setExecutionExceptionHandler(CogwheelCli::handle);
  }

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log what happens, and print the stack trace of an error.")
  void setVerbose(boolean verbose) {
    this.verbose = verbose;
    if (verbose) {
      // Read by logback.xml when logging starts, which is after the arguments are parsed.
      System.setProperty(LOG_LEVEL_PROPERTY, "INFO");
    }
  }

  CliEnvironment environment() {
    return environment;
  }

  Path configFile() {
    return configFile;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  private static int handle(Exception e, CommandLine commandLine, ParseResult parseResult) {
    CommandLine root = commandLine;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    boolean verbose = root.getCommand() instanceof CogwheelCli cli && cli.verbose;
    PrintWriter err = commandLine.getErr();
    int code;
    if (e instanceof CliException cli) {
      err.println(cli.getMessage());
      code = cli.exitCode();
    } else if (e instanceof ConfigException) {
      err.println("Configuration error: " + e.getMessage());
      code = ExitCodes.CONFIG;
    } else if (e instanceof StorageException) {
      err.println("Error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      code = ExitCodes.of((StorageException) e);
    } else {
      err.println("Error: " + e);
      if (!verbose) {
        err.println("Run again with --verbose for the stack trace.");
      }
      code = ExitCodes.FAILED;
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The version the build wrote into version.properties. */
  static final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
      return new String[] {
          "cogwheel " + CogwheelVersion.current(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
