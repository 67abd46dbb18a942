package dev.cogwheel.cli;

import dev.cogwheel.cli.config.CogwheelConfig;
import dev.cogwheel.cli.logging.Logging;
import dev.cogwheel.panel.PanelTokens;
import dev.cogwheel.storage.spi.panel.OperatorToken;
import dev.cogwheel.storage.spi.panel.PanelStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cogwheel panel token create|revoke|list}. A new token is printed once; the database keeps only
 * its SHA-256, and the creation and revocation are in the audit log.
 */
@Command(name = "token", description = "Create, revoke and list operator tokens.")
final class PanelTokenCommand implements Callable<Integer> {

  @ParentCommand
  private PanelCommand panel;

  @Spec
  private CommandSpec spec;

  @Mixin
  private HelpOption help;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = {
      "Create a token and print it, once.",
      "",
      "Keep it like a password: whoever has it can change every plugin's config and approve migrations."})
  int create(
      @Parameters(paramLabel = "<name>", description = "A name for the token, such as ci or alice-laptop (letters, digits, . _ -).") String name,
      @Option(names = "--by", paramLabel = "<name>", description = "Who creates it, for the audit log (default: your user name).") String by) {
    String token = PanelTokens.generate();
    withStore(store -> {
      OperatorToken created = store.createToken(name, PanelTokens.hash(token), actor(by));
      out().println("Created operator token " + created.name() + ". It is shown only now; the database keeps only its hash:");
      out().println();
      out().println("  " + token);
      out().println();
      out().println("Send it as Authorization: Bearer <token>, or paste it into the panel's sign-in.");
    });
    return ExitCodes.OK;
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token: requests with it are refused at once.")
  int revoke(
      @Parameters(paramLabel = "<name>", description = "The token's name (cogwheel panel token list shows them).") String name,
      @Option(names = "--by", paramLabel = "<name>", description = "Who revokes it, for the audit log (default: your user name).") String by) {
    boolean[] revoked = new boolean[1];
    withStore(store -> revoked[0] = store.revokeToken(name, actor(by)));
    if (!revoked[0]) {
      throw new CliException(ExitCodes.NOT_FOUND, "There is no operator token named " + name + "; cogwheel panel token list shows them.");
    }
    out().println("Revoked operator token " + name + ".");
    return ExitCodes.OK;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens: name, who created them, when, when last used.")
  int list() {
    withStore(store -> {
      List<OperatorToken> tokens = store.tokens();
      if (tokens.isEmpty()) {
        out().println("There are no operator tokens; create one with cogwheel panel token create <name>.");
        return;
      }
      TextTable table = TextTable.of("NAME", "CREATED BY", "CREATED (UTC)", "LAST USED (UTC)");
      tokens.forEach(t -> table.row(t.name(), t.createdBy(), Text.TIMESTAMP.format(t.createdAt()),
          t.lastUsedAt().map(Text.TIMESTAMP::format).orElse("never")));
      table.print(out());
    });
    return ExitCodes.OK;
  }

  private interface StoreWork {
    void accept(PanelStore store);
  }

  private void withStore(StoreWork work) {
    CliEnvironment environment = panel.cli().environment();
    CogwheelConfig config = CogwheelConfig.load(panel.cli().configFile(), environment.variables());
    Logging.registerSecrets(config.secrets(environment.variables()));
    try (DbSession session = DbSession.open(config, false, err())) {
      work.accept(session.panel());
    } finally {
      out().flush();
      err().flush();
    }
  }

  private String actor(String by) {
    String name = by != null ? by.trim() : panel.cli().environment().userName().trim();
    if (name.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "Say who you are with --by <name>: the user name of this process is unknown.");
    }
    return "cli:" + name;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
