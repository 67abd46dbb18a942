package dev.cogwheel.api.command;

/**
 * What runs when a user invokes a command. Runs on the plugin's threads, after the host validated
 * the options. A {@link CommandException} is shown to the user as it is; any other exception gives
 * the user a short error id and goes to the log under that id. A handler running longer than the
 * host's handler timeout is interrupted.
 */
@FunctionalInterface
public interface CommandHandler {

  /**
   * Handles one invocation.
   *
   * @param context the invocation
   * @throws Exception if handling failed
   */
  void handle(CommandContext context) throws Exception;
}
