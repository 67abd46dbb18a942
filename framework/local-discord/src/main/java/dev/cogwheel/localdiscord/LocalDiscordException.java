package dev.cogwheel.localdiscord;

/**
 * Something asked of the local Discord cannot be done: an unknown user, guild or channel, a wait
 * that timed out, a server that could not start. The message names what was asked for and what
 * exists instead.
 */
public class LocalDiscordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public LocalDiscordException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public LocalDiscordException(String message, Throwable cause) {
    super(message, cause);
  }
}
