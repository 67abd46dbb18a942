package dev.cogwheel.testkit;

import java.util.List;
import java.util.Objects;

/**
 * What one command invocation got back.
 *
 * @param outcome how it ended
 * @param answers what the user saw, in order
 * @param detail the refusal message or the error id when it did not succeed
 */
public record CommandReply(CommandOutcome outcome, List<Answer> answers, String detail) {

  /** The kinds of answer a handler gives. */
  public enum Kind {
    /** A reply everyone in the channel sees. */
    REPLY,
    /** A reply only the caller sees. */
    EPHEMERAL,
    /** "Bot is thinking..." */
    DEFER,
    /** A message after a reply or a deferral. */
    FOLLOW_UP
  }

  /**
   * One answer.
   *
   * @param kind its kind
   * @param content the message; empty for a deferral
   */
  public record Answer(Kind kind, String content) {
    /** Checks the record. */
    public Answer {
      Objects.requireNonNull(kind, "kind");
      content = content == null ? "" : content;
    }
  }

  /** Copies the answers. */
  public CommandReply {
    Objects.requireNonNull(outcome, "outcome");
    answers = List.copyOf(answers);
  }

  /**
   * The text of the first answer that has text.
   *
   * @return the message
   * @throws AssertionError if nothing with text was sent
   */
  public String text() {
    return answers.stream().filter(a -> a.kind() != Kind.DEFER).map(Answer::content).findFirst()
        .orElseThrow(() -> new AssertionError("The command sent no message; it ended " + outcome + " with " + answers));
  }

  /**
   * Whether the first answer was visible only to the caller.
   *
   * @return true for an ephemeral reply
   */
  public boolean ephemeral() {
    return !answers.isEmpty() && answers.get(0).kind() == Kind.EPHEMERAL;
  }
}
