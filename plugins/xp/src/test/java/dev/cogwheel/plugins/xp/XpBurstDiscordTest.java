package dev.cogwheel.plugins.xp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of messages without a cooldown: their increments complete out of order and share batches,
 * and still every message counts once and every level is announced once.
 */
class XpBurstDiscordTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord();

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void everyMessageCountsOnceAndEachLevelIsAnnouncedOnce() {
    TestHost host = cogwheel.host();
    LocalDiscord discord = host.discord();
    LocalChannel general = discord.guild().channel("general");
    LocalUser carol = discord.user("carol");
    discord.user("alice").invoke(general, "/xp config set key:cooldown value:0s").awaitReply(WAIT);

    for (int i = 0; i < 14; i++) {
      carol.say(general, "message " + i);
    }

    long guild = Long.parseLong(discord.guild().id());
    Key key = Key.of(guild, host.pid(guild, Long.parseLong(carol.id())));
    var table = host.storage().table("xp_members", XpCogTest.MemberXp.class);
    discord.await("carol's 14 messages of 20 XP", WAIT, () -> table.find(key).filter(row -> row.xp() == 280));
    LocalMessage levelUp = discord.awaitMessage(general, m -> m.fromBot() && m.content().endsWith("reached level 2!"), WAIT);
    assertThat(levelUp.pingedUsers()).containsExactly(Long.parseLong(carol.id()));
    assertThat(levelUp.pingsEveryone()).isFalse();
    assertThat(carol.invoke(general, "/rank").awaitReply(WAIT).content()).startsWith("**You**: level 2, 280 XP");
    List<String> announced = discord.messages(general).stream().filter(LocalMessage::fromBot).map(LocalMessage::content)
        .filter(text -> text.contains("reached level")).toList();
    assertThat(announced).containsExactlyInAnyOrder(carol.mention() + " reached level 1!", carol.mention() + " reached level 2!");
  }
}
