package dev.cogwheel.plugins.events;

import dev.cogwheel.api.plugin.PluginContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.GatewayPingEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;

/**
 * The bot's JDA session as the cog last saw it in an event, for work that does not start from an
 * interaction (a reminder). The SDK hands a cog no JDA of its own: the session comes with
 * READY after a start, and with the gateway's heartbeat answers after a reload of the plugin.
 */
final class BotSession {

  private final CompletableFuture<JDA> jda = new CompletableFuture<>();

  BotSession(PluginContext context) {
    context.events().subscribe(ReadyEvent.class, event -> seen(event.getJDA()));
    context.events().subscribe(GatewayPingEvent.class, event -> seen(event.getJDA()));
  }

  void seen(JDA session) {
    jda.complete(session);
  }

  /**
   * A guild of the bot, waiting up to a minute for the bot to be connected (a timer that came due
   * while the bot was down fires when the plugin starts, before the bot has logged in).
   */
  Guild guild(long guildId) throws Exception {
    JDA session = jda.get(1, TimeUnit.MINUTES);
    Guild guild = session.getShardManager() != null ? session.getShardManager().getGuildById(guildId) : session.getGuildById(guildId);
    if (guild == null) {
      throw new IllegalStateException("the bot is not in the guild, or its shard is not connected");
    }
    return guild;
  }
}
