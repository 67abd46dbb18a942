package dev.cogwheel.api.command;

import dev.cogwheel.storage.Pid;
import java.util.Optional;
import java.util.OptionalLong;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;

/**
 * One invocation of a command, as a handler sees it: who, where, the validated options, and how to
 * answer.
 *
 * <p>Answer once with {@link #reply(String)} or {@link #replyEphemeral(String)}, or
 * {@link #defer(boolean)} first (Discord wants an answer within 3 seconds) and then
 * {@link #followUp(String)}. A handler that returns without answering gets a generic "Done." from the
 * host, so the user is never left with "The application did not respond".
 *
 * <p>Option getters: {@code string}, {@code integer}, ... return a required option's value and throw
 * {@link IllegalArgumentException} when the option was not given; {@code find...} return empty
 * instead. The value's type follows the option's {@link OptionType}; asking for another type throws
 * {@link IllegalArgumentException} naming the option.
 *
 * <p>Used by one handler thread at a time.
 */
public interface CommandContext {

  /**
   * The command as typed, without options.
   *
   * @return for example {@code xp rank}
   */
  String commandPath();

  /**
   * The guild the command was used in.
   *
   * @return the guild id, empty in a direct message
   */
  OptionalLong guildId();

  /**
   * The channel the command was used in.
   *
   * @return the channel id
   */
  long channelId();

  /**
   * The Discord id of the user who ran the command, for Discord actions (mention, move, DM). Never
   * store it: store {@link #caller()} instead.
   *
   * @return the user id
   */
  long userId();

  /**
   * The caller's privacy-safe id: the member Pid of (guild, user) in a guild, the user Pid in a
   * direct message.
   *
   * @return the caller's Pid
   */
  Pid caller();

  /**
   * A STRING option.
   *
   * @param option the option name
   * @return its value, if given
   */
  Optional<String> findString(String option);

  /**
   * A required STRING option.
   *
   * @param option the option name
   * @return its value
   */
  default String string(String option) {
    return findString(option).orElseThrow(() -> missing(option));
  }

  /**
   * An INTEGER option.
   *
   * @param option the option name
   * @return its value, if given
   */
  Optional<Long> findInteger(String option);

  /**
   * A required INTEGER option.
   *
   * @param option the option name
   * @return its value
   */
  default long integer(String option) {
    return findInteger(option).orElseThrow(() -> missing(option));
  }

  /**
   * A NUMBER option (an INTEGER option is widened).
   *
   * @param option the option name
   * @return its value, if given
   */
  Optional<Double> findNumber(String option);

  /**
   * A required NUMBER option.
   *
   * @param option the option name
   * @return its value
   */
  default double number(String option) {
    return findNumber(option).orElseThrow(() -> missing(option));
  }

  /**
   * A BOOLEAN option.
   *
   * @param option the option name
   * @return its value, if given
   */
  Optional<Boolean> findBool(String option);

  /**
   * A required BOOLEAN option.
   *
   * @param option the option name
   * @return its value
   */
  default boolean bool(String option) {
    return findBool(option).orElseThrow(() -> missing(option));
  }

  /**
   * A USER, CHANNEL or ROLE option: the Discord id of what the user picked.
   *
   * @param option the option name
   * @return the id, if given
   */
  Optional<Long> findId(String option);

  /**
   * A required USER, CHANNEL or ROLE option.
   *
   * @param option the option name
   * @return the id
   */
  default long id(String option) {
    return findId(option).orElseThrow(() -> missing(option));
  }

  /**
   * Answers the invocation, visible to everyone in the channel.
   *
   * @param content the message
   * @throws IllegalStateException if the invocation was already answered (use {@link #followUp(String)})
   */
  void reply(String content);

  /**
   * Answers the invocation, visible only to the caller.
   *
   * @param content the message
   * @throws IllegalStateException if the invocation was already answered
   */
  void replyEphemeral(String content);

  /**
   * Tells Discord the answer will come later ("Bot is thinking..."); then answer with
   * {@link #followUp(String)}.
   *
   * @param ephemeral whether the later answer is visible only to the caller
   * @throws IllegalStateException if the invocation was already answered
   */
  void defer(boolean ephemeral);

  /**
   * Sends a further message after a reply or a deferral.
   *
   * @param content the message
   * @throws IllegalStateException if the invocation was neither answered nor deferred
   */
  void followUp(String content);

  /**
   * The JDA interaction behind this invocation, for what the context does not offer (embeds,
   * buttons, modals). A handler that answers through it directly must complete that answer before it
   * returns ({@code complete()}, not {@code queue()}); the host then sees the interaction answered and
   * does not answer it again, and later answers of the context become follow-ups.
   *
   * @return the interaction; empty when the command was invoked without Discord (the testkit's
   *     direct invocations)
   */
  Optional<SlashCommandInteraction> interaction();

  private IllegalArgumentException missing(String option) {
    return new IllegalArgumentException("Option " + option + " of /" + commandPath()
        + " was not given: declare it required, or read it with a find method.");
  }
}
