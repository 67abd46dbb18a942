package dev.cogwheel.cli;

import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code cogwheel} in-process with an injected environment and captured output. */
final class CliRunner {

  /**
   * What a run printed and returned.
   *
   * @param exitCode the exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int exitCode, String out, String err) {

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  /** A terminal that answers questions from a list, and records them. */
  static final class ScriptedPrompter implements Prompter {

    private final Deque<String> answers;
    final List<String> questions = new ArrayList<>();

    ScriptedPrompter(String... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public boolean canAsk() {
      return true;
    }

    @Override
    public String ask(String question) {
      questions.add(question);
      return answers.isEmpty() ? "" : answers.pop();
    }
  }

  /** No terminal: as under a service manager or in a script with redirected input. */
  static final Prompter NO_TERMINAL = new Prompter() {
    @Override
    public boolean canAsk() {
      return false;
    }

    @Override
    public String ask(String question) {
      throw new AssertionError("asked without a terminal: " + question);
    }
  };

  private final Map<String, String> environment;
  private Prompter prompter = NO_TERMINAL;

  private CliRunner(Map<String, String> environment) {
    this.environment = new HashMap<>(environment);
  }

  static CliRunner withEnvironment(Map<String, String> environment) {
    return new CliRunner(environment);
  }

  /** The environment that points the CLI at a test schema, with plugins and backups under a directory. */
  static CliRunner forSchema(TestSchema schema, Path plugins, Path backups) {
    try {
      Files.createDirectories(plugins);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", schema.server().jdbcUrl());
    if (schema.user() != null) {
      env.put("DATABASE_USER", schema.user());
    }
    if (schema.password() != null) {
      env.put("DATABASE_PASSWORD", schema.password());
    }
    env.put("DB_SCHEMA", schema.name());
    env.put("COGWHEEL_PLUGINS_DIR", plugins.toString());
    env.put("COGWHEEL_BACKUP_DIR", backups.toString());
    return new CliRunner(env);
  }

  CliRunner with(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  CliRunner prompter(Prompter prompter) {
    this.prompter = prompter;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = CogwheelCli.commandLine(new CliEnvironment(environment, prompter, "tester"));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
