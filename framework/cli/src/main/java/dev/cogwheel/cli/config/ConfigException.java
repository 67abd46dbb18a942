package dev.cogwheel.cli.config;

/**
 * The instance's configuration is wrong: a file that cannot be read, an unknown setting, a missing
 * required setting. The message names the setting and the file, never a secret value, and says what
 * to do.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and what to do
   */
  public ConfigException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong and what to do
   * @param cause the underlying failure
   */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
