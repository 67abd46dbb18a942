package dev.cogwheel.localdiscord;

import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDA's session controller for the local Discord: {@link #getGateway()} names the local gateway
 * (a single JDA asks its controller, not REST, for the gateway), and sessions connect at once
 * instead of one per 5 s identify window, since the local server has no identify rate limit. A
 * ShardManager still reads {@code GET gateway/bot} through the default {@code getShardedGateway}.
 */
final class LocalSessionController extends SessionControllerAdapter {

  private static final Logger log = LoggerFactory.getLogger(LocalSessionController.class);

  private final String gatewayUrl;

  LocalSessionController(String gatewayUrl) {
    this.gatewayUrl = gatewayUrl;
  }

  @Override
  public String getGateway() {
    return gatewayUrl;
  }

  @Override
  public void appendSession(SessionConnectNode node) {
    Thread thread = new Thread(() -> {
      try {
        node.run(false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("A local Discord session failed to connect (shard {})", node.getShardInfo(), e);
      }
    }, "local-discord-connect-" + node.getShardInfo().getShardId());
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void removeSession(SessionConnectNode node) {
    // Nothing is queued, so there is nothing to remove.
  }
}
