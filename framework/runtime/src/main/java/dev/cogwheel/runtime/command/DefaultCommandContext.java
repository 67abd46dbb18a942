package dev.cogwheel.runtime.command;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.storage.Pid;
import java.util.Optional;
import java.util.OptionalLong;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;

/**
 * The context a handler sees: the invocation's facts and options, and answers that go to the
 * responder in the order Discord accepts (one reply or deferral, then follow-ups).
 */
public final class DefaultCommandContext implements CommandContext {

  private enum Answer { NONE, REPLIED, DEFERRED }

  private final CommandInvocation invocation;
  private final Pid caller;
  private final CommandResponder responder;
  private Answer answer = Answer.NONE;

  /**
   * Creates the context.
   *
   * @param invocation the invocation, its options validated
   * @param caller the caller's Pid
   * @param responder where answers go
   */
  public DefaultCommandContext(CommandInvocation invocation, Pid caller, CommandResponder responder) {
    this.invocation = invocation;
    this.caller = caller;
    this.responder = responder;
  }

  @Override
  public String commandPath() {
    return invocation.path();
  }

  @Override
  public OptionalLong guildId() {
    return invocation.guildId();
  }

  @Override
  public long channelId() {
    return invocation.channelId();
  }

  @Override
  public long userId() {
    return invocation.userId();
  }

  @Override
  public Pid caller() {
    return caller;
  }

  @Override
  public Optional<String> findString(String option) {
    return typed(option, String.class, "text");
  }

  @Override
  public Optional<Long> findInteger(String option) {
    return typed(option, Number.class, "a whole number").map(Number::longValue);
  }

  @Override
  public Optional<Double> findNumber(String option) {
    return typed(option, Number.class, "a number").map(Number::doubleValue);
  }

  @Override
  public Optional<Boolean> findBool(String option) {
    return typed(option, Boolean.class, "true or false");
  }

  @Override
  public Optional<Long> findId(String option) {
    return typed(option, Number.class, "an id").map(Number::longValue);
  }

  private <T> Optional<T> typed(String option, Class<T> type, String what) {
    Object value = invocation.options().get(option);
    if (value == null) {
      return Optional.empty();
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("Option " + option + " of /" + commandPath() + " holds " + value.getClass().getSimpleName()
          + ", not " + what + "; read it with the getter of its declared type.");
    }
    return Optional.of(type.cast(value));
  }

  @Override
  public synchronized void reply(String content) {
    first(content, false);
  }

  @Override
  public synchronized void replyEphemeral(String content) {
    first(content, true);
  }

  /** A handler that answered through the JDA interaction itself counts as having replied. */
  private void noticeDirectAnswer() {
    if (answer == Answer.NONE && invocation.interaction().map(i -> i.isAcknowledged()).orElse(false)) {
      answer = Answer.REPLIED;
    }
  }

  private void first(String content, boolean ephemeral) {
    noticeDirectAnswer();
    if (answer != Answer.NONE) {
      throw new IllegalStateException("/" + commandPath() + " was already " + (answer == Answer.REPLIED ? "answered" : "deferred")
          + "; send further messages with followUp.");
    }
    responder.reply(content, ephemeral);
    answer = Answer.REPLIED;
  }

  @Override
  public synchronized void defer(boolean ephemeral) {
    noticeDirectAnswer();
    if (answer != Answer.NONE) {
      throw new IllegalStateException("/" + commandPath() + " was already answered; it can be deferred only before the first answer.");
    }
    responder.defer(ephemeral);
    answer = Answer.DEFERRED;
  }

  @Override
  public synchronized void followUp(String content) {
    noticeDirectAnswer();
    if (answer == Answer.NONE) {
      throw new IllegalStateException("/" + commandPath() + " has no answer yet: reply or defer before following up.");
    }
    responder.followUp(content);
  }

  @Override
  public Optional<SlashCommandInteraction> interaction() {
    return invocation.interaction();
  }

  /**
   * Tells the user something the host decided (a refusal, an error id), in the form the answer so far
   * allows: an ephemeral reply first, a follow-up after.
   *
   * @param content the message
   */
  public synchronized void tell(String content) {
    noticeDirectAnswer();
    if (answer == Answer.NONE) {
      first(content, true);
    } else {
      responder.followUp(content);
    }
  }

  /** Answers with "Done." when the handler returned without answering. */
  public synchronized void finish() {
    noticeDirectAnswer();
    if (answer == Answer.NONE) {
      first("Done.", true);
    }
  }
}
