package dev.cogwheel.plugins.moderation;

import java.util.List;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import org.slf4j.Logger;

/** A guild's moderation log: posts to its {@code log_channel}, if it has one. A post that fails is logged and does not fail the action. */
final class ModLog {

  private final ModerationSettings settings;
  private final Logger log;

  ModLog(ModerationSettings settings, Logger log) {
    this.settings = settings;
    this.log = log;
  }

  void post(Guild guild, String text) {
    long channelId = settings.logChannel(guild.getIdLong());
    if (channelId == 0) {
      return;
    }
    TextChannel channel = guild.getTextChannelById(channelId);
    if (channel == null) {
      log.warn("moderation.log_failed reason=log_channel_not_a_text_channel");
      return;
    }
    try {
      channel.sendMessage(text).setAllowedMentions(List.of()).complete();
    } catch (RuntimeException e) {
      log.warn("moderation.log_failed error={}", e.getClass().getSimpleName());
    }
  }
}
