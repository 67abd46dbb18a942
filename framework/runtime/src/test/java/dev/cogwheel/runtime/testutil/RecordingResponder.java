package dev.cogwheel.runtime.testutil;

import dev.cogwheel.runtime.command.CommandResponder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the answers to one invocation, in order: {@code reply:...}, {@code ephemeral:...}, {@code defer}, {@code followUp:...}. */
public final class RecordingResponder implements CommandResponder {

  private final List<String> answers = new CopyOnWriteArrayList<>();

  @Override
  public void reply(String content, boolean ephemeral) {
    answers.add((ephemeral ? "ephemeral:" : "reply:") + content);
  }

  @Override
  public void defer(boolean ephemeral) {
    answers.add(ephemeral ? "defer-ephemeral" : "defer");
  }

  @Override
  public void followUp(String content) {
    answers.add("followUp:" + content);
  }

  public List<String> answers() {
    return List.copyOf(answers);
  }
}
