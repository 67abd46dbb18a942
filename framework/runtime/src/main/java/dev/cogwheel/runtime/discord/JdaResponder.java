package dev.cogwheel.runtime.discord;

import dev.cogwheel.runtime.command.CommandResponder;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a handler's answers through the JDA interaction. JDA holds follow-ups until Discord has
 * acknowledged the reply or deferral, so the order the context enforces is the order Discord sees.
 * Messages over Discord's 2,000 characters are cut with a marker instead of being refused.
 */
final class JdaResponder implements CommandResponder {

  private static final Logger log = LoggerFactory.getLogger(JdaResponder.class);
  private static final int LIMIT = 2000;

  private final IReplyCallback interaction;

  JdaResponder(IReplyCallback interaction) {
    this.interaction = interaction;
  }

  static String fit(String content) {
    String text = content == null || content.isEmpty() ? "(empty)" : content;
    return text.length() <= LIMIT ? text : text.substring(0, LIMIT - 20) + "\n... (cut at 2000)";
  }

  @Override
  public void reply(String content, boolean ephemeral) {
    interaction.reply(fit(content)).setEphemeral(ephemeral).queue(null, this::failed);
  }

  @Override
  public void defer(boolean ephemeral) {
    interaction.deferReply(ephemeral).queue(null, this::failed);
  }

  @Override
  public void followUp(String content) {
    interaction.getHook().sendMessage(fit(content)).queue(null, this::failed);
  }

  private void failed(Throwable failure) {
    log.warn("command.answer_failed interaction={}: {}", interaction.getId(), failure.toString());
  }
}
