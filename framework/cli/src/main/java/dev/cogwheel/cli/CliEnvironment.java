package dev.cogwheel.cli;

import java.util.Map;
import java.util.Objects;

/**
 * What the CLI takes from the process it runs in, injectable so tests do not depend on the real one.
 *
 * @param variables the environment variables
 * @param prompter asks the operator to confirm
 * @param userName who runs it, recorded with an approval unless {@code --by} says otherwise
 */
record CliEnvironment(Map<String, String> variables, Prompter prompter, String userName) {

  CliEnvironment {
    variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    Objects.requireNonNull(prompter, "prompter");
    userName = userName == null ? "" : userName;
  }

  static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), Prompter.console(), System.getProperty("user.name"));
  }
}
