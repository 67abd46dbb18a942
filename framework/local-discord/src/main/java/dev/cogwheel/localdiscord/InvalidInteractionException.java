package dev.cogwheel.localdiscord;

/**
 * An interaction was driven that Discord would not let a user send: a command the bot has not
 * registered, a missing required option, a value of the wrong type, outside its range or not one
 * of its choices, a button that does not exist. The message names the command and the option.
 */
public final class InvalidInteractionException extends LocalDiscordException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is invalid, naming the command and option
   */
  public InvalidInteractionException(String message) {
    super(message);
  }
}
