package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JDA's ShardManager over two shards against the local Discord, with JDA's default intents. */
class LocalDiscordShardingTest {

  @RegisterExtension static final LogGuard logs = new LogGuard();

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void eachShardSeesTheGuildsDiscordWouldGiveItAndNewGuildsGoToTheirShard() throws InterruptedException {
    World.Builder world = World.builder().users("alice");
    for (int i = 1; i <= 4; i++) {
      world.guild("Guild " + i, g -> g.owner("alice").textChannel("general").member("alice"));
    }
    try (LocalDiscord discord = LocalDiscord.start(world.build())) {
      TestCog cog = new TestCog();
      ShardManager manager = discord.configure(DefaultShardManagerBuilder.createDefault(discord.token()))
          .setShardsTotal(2)
          .setRawEventsEnabled(true)
          .addEventListeners(cog)
          .build();
      discord.awaitSessions(2, WAIT);
      List<JDA> shards = List.copyOf(manager.getShards());
      try {
        for (JDA shard : shards) {
          shard.awaitReady();
        }
        assertThat(shards).hasSize(2);
        for (JDA shard : shards) {
          int shardId = shard.getShardInfo().getShardId();
          List<String> expected = discord.guilds().stream().map(LocalGuild::id)
              .filter(id -> (Long.parseUnsignedLong(id) >>> 22) % 2 == shardId).toList();
          assertThat(expected).isNotEmpty();
          assertThat(shard.getGuilds()).extracting(Guild::getId).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(discord.actions().matching("GET", "gateway/bot")).isNotEmpty();
        assertThat(discord.sessionCount()).isEqualTo(2);

        LocalGuild added = discord.addBotToGuild(World.guild("Guild 5", g -> g.textChannel("general")));
        GuildJoinEvent joined = Events.await(cog.events, GuildJoinEvent.class, e -> true, WAIT);
        assertThat(joined.getGuild().getId()).isEqualTo(added.id());
        assertThat(joined.getJDA().getShardInfo().getShardId())
            .isEqualTo((int) ((Long.parseUnsignedLong(added.id()) >>> 22) % 2));
      } finally {
        manager.shutdown();
        for (JDA shard : shards) {
          assertThat(shard.awaitShutdown(Duration.ofSeconds(5))).isTrue();
        }
      }
    }
  }

  @Test
  void withoutTheMessageContentIntentContentArrivesOnlyWhenTheBotIsMentioned() throws InterruptedException {
    try (LocalDiscord discord = LocalDiscord.start()) {
      // A listener that never reads message content, so JDA has no reason to warn about the intent.
      BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();
      ShardManager manager = discord.configure(DefaultShardManagerBuilder.createDefault(discord.token()))
          .setRawEventsEnabled(true)
          .addEventListeners((EventListener) events::add)
          .build();
      discord.awaitSessions(1, WAIT);
      List<JDA> shards = List.copyOf(manager.getShards());
      try {
        for (JDA shard : shards) {
          shard.awaitReady();
        }
        LocalChannel general = discord.guild().channel("general");
        LocalUser alice = discord.user("alice");

        alice.say(general, "just chatting");
        RawGatewayEvent plain = Events.await(events, RawGatewayEvent.class,
            e -> e.getType().equals("MESSAGE_CREATE"), WAIT);
        alice.say(general, "<@" + discord.botUserId() + "> hello bot");
        RawGatewayEvent mention = Events.await(events, RawGatewayEvent.class,
            e -> e.getType().equals("MESSAGE_CREATE"), WAIT);

        assertThat(plain.getPayload().getString("content")).isEmpty();
        assertThat(mention.getPayload().getString("content")).isEqualTo("<@" + discord.botUserId() + "> hello bot");
        assertThat(discord.messages(general)).extracting(LocalMessage::content).contains("just chatting");
      } finally {
        manager.shutdown();
        for (JDA shard : shards) {
          assertThat(shard.awaitShutdown(Duration.ofSeconds(5))).isTrue();
        }
      }
    }
  }
}
