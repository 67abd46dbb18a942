package dev.cogwheel.cli;

import java.io.Console;

/** Asks the operator a question on the terminal. */
interface Prompter {

  /**
   * Whether there is someone to ask.
   *
   * @return false without a terminal (input or output redirected, a script, a service)
   */
  boolean canAsk();

  /**
   * Asks a question and waits for the answer.
   *
   * @param question the question, printed as is
   * @return the answer line; empty at end of input or when there is nobody to ask
   */
  String ask(String question);

  /** The process's console, if it has one. */
  static Prompter console() {
    return new Prompter() {
      @Override
      public boolean canAsk() {
        return System.console() != null;
      }

      @Override
      public String ask(String question) {
        Console console = System.console();
        String line = console == null ? null : console.readLine("%s", question);
        return line == null ? "" : line;
      }
    };
  }
}
