package dev.cogwheel.api.command;

/**
 * Thrown by a handler to refuse an invocation with a message for the user ("You need 10 coins"). The
 * host replies with the message, ephemerally, and does not log it as an error.
 */
public class CommandException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param userMessage what the user is told
   */
  public CommandException(String userMessage) {
    super(userMessage);
  }
}
