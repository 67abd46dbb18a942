package dev.cogwheel.runtime.command;

/**
 * Where the answers to one invocation go: the JDA interaction in the bot, a recorder in the testkit.
 * Called from the plugin's handler thread, one call at a time; the context guarantees the order
 * Discord wants (one reply or deferral, then follow-ups).
 */
public interface CommandResponder {

  /**
   * The first answer.
   *
   * @param content the message
   * @param ephemeral whether only the caller sees it
   */
  void reply(String content, boolean ephemeral);

  /**
   * Announces a later answer.
   *
   * @param ephemeral whether the later answer is visible only to the caller
   */
  void defer(boolean ephemeral);

  /**
   * A further message after a reply or a deferral.
   *
   * @param content the message
   */
  void followUp(String content);
}
