package dev.cogwheel.plugins.xp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalRole;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** XP through the real JDA client and the local Discord: messages, level-up, role reward, restart, paging buttons. */
class XpDiscordTest {

  static final World WORLD = World.builder()
      .users("alice", "bob", "carol")
      .guild("XP Town", g -> g.owner("alice")
          .role("Admin", World.Permissions.ADMINISTRATOR)
          .role("Regular", World.Permissions.DEFAULT_EVERYONE)
          .botRole("Cogwheel", World.Permissions.ADMINISTRATOR)
          .textChannel("general")
          .textChannel("bot")
          .member("alice", "Admin")
          .member("bob")
          .member("carol"))
      .build();

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord(WORLD);

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void chattingLevelsUpGrantsTheRoleRewardAndTheRankOutlivesARestart() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalGuild guild = discord.guild();
    LocalChannel general = guild.channel("general");
    LocalChannel bots = guild.channel("bot");
    LocalRole regular = guild.role("Regular");
    LocalUser alice = discord.user("alice");
    LocalUser bob = discord.user("bob");

    assertThat(alice.invoke(general, "/xp config set key:multiplier value:5").awaitReply(WAIT).content())
        .isEqualTo("multiplier is now `5.0` in this server (was `1.0`).");
    assertThat(alice.invoke(general, "/xp config set key:role_rewards value:1:<@&" + regular.id() + ">").awaitReply(WAIT).content())
        .isEqualTo("role_rewards is now `1:" + regular.id() + "` in this server (was ``).");
    assertThat(alice.invoke(general, "/xp config set key:ignored_channels value:<#" + bots.id() + ">").awaitReply(WAIT).content())
        .isEqualTo("ignored_channels is now `" + bots.id() + "` in this server (was ``).");

    bob.say(bots, "this channel earns nothing");
    bob.say(general, "hello everyone");
    LocalMessage levelUp = discord.awaitMessage(general, m -> m.fromBot() && m.content().contains("reached level"), WAIT);
    assertThat(levelUp.content()).isEqualTo(bob.mention() + " reached level 1!");
    discord.awaitMember(guild, "bob", m -> m.roleIds().contains(regular.id()), WAIT);
    bob.say(general, "within the cooldown, so no XP");

    String rank = "**You**: level 1, 100 XP, rank #1 of 1. 155 XP to level 2.";
    assertThat(bob.invoke(general, "/rank").awaitReply(WAIT).content()).isEqualTo(rank);
    assertThat(alice.invoke(general, "/rank member:bob").awaitReply(WAIT).content())
        .isEqualTo("**bob**: level 1, 100 XP, rank #1 of 1. 155 XP to level 2.");

    cogwheel.host().restart();

    assertThat(bob.invoke(general, "/rank").awaitReply(WAIT).content()).isEqualTo(rank);
  }

  @Test
  void theLeaderboardNamesMembersAndPagesWithButtons() {
    TestHost host = cogwheel.host();
    LocalDiscord discord = host.discord();
    LocalGuild guild = discord.guild();
    LocalChannel general = guild.channel("general");
    LocalUser carol = discord.user("carol");
    long guildId = Long.parseLong(guild.id());
    var table = host.storage().table("xp_members", XpCogTest.MemberXp.class);
    table.increment(Key.of(guildId, host.pid(guildId, Long.parseLong(carol.id()))), "xp", 5_000);
    for (int i = 1; i <= 10; i++) {
      table.increment(Key.of(guildId, host.pid(guildId, 9_000 + i)), "xp", i);
    }

    LocalMessage first = carol.invoke(general, "/leaderboard").awaitReply(WAIT);
    assertThat(first.content()).startsWith("**Leaderboard** (page 1 of 2)\n1. carol — level 10, 5000 XP\n");
    assertThat(first.buttons()).extracting(LocalMessage.Button::label, LocalMessage.Button::disabled)
        .containsExactly(tuple("Previous", true), tuple("Next", false));

    carol.press(first, "Next");
    LocalMessage second = discord.await("the leaderboard's second page", WAIT, () -> discord.messages(general).stream()
        .filter(m -> m.id().equals(first.id()) && m.content().startsWith("**Leaderboard** (page 2 of 2)")).findFirst());
    assertThat(second.content()).endsWith(". (not in the server) — level 0, 1 XP");
    assertThat(second.buttons()).extracting(LocalMessage.Button::disabled).containsExactly(false, true);
  }
}
