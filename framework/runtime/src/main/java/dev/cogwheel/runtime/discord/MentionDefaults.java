package dev.cogwheel.runtime.discord;

import java.util.EnumSet;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.utils.messages.MessageRequest;

/**
 * Mentions are opt-in: every message the bot sends pings nobody unless the cog that sends it names
 * whom it pings. Text in a message often comes from members (an event title, a warn reason, a
 * greeting name); with Discord's default, {@code @everyone} or a role mention in that text would ping
 * with the bot's permissions, which the member may not have.
 *
 * <p>JDA keeps these defaults for the whole JVM and applies them to every message request built
 * after they are set; a cog opts in per message with JDA's {@code mention(...)},
 * {@code mentionUsers(...)} or {@code mentionRoles(...)} (docs/plugin-guide.md, "Mentions").
 */
final class MentionDefaults {

  private MentionDefaults() {}

  /** Sets the no-ping defaults: no {@code @everyone}/{@code @here}, no roles, no users, no replied user. */
  static void apply() {
    MessageRequest.setDefaultMentions(EnumSet.noneOf(MentionType.class));
    MessageRequest.setDefaultMentionRepliedUser(false);
  }
}
